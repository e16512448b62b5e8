import { z } from 'zod';

/**
 * The handling record (流转记录) archived with an item, as the `record` file (JSON): each step's
 * action, who, when, and the opinion (意见).
 */
export const handlingRecordSchema = z.array(
  z.object({
    action: z.string().min(1),
    actor: z.string().min(1),
    at: z.string().min(1),
    opinion: z.string().optional(),
  }),
);
export type HandlingRecord = z.infer<typeof handlingRecordSchema>;
