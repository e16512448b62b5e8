import type { z } from 'zod';

/** One method of the API table: its zod input schema and (phantom) output type. */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: the output type, for the typed client (never read at run time). */
  output?: O;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}
