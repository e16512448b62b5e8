import { z } from 'zod';

/**
 * Where an issuing agency's seal (印章) goes on a typeset page: the typesetter computes it
 * (centred over the agency's signature and date, GB/T 9704 §7.3.5), the signature package
 * stamps the visible seal there. PDF user space: points, origin at the page's bottom left.
 */
export const sealPositionSchema = z.object({
  /** 统一社会信用代码 of the issuer whose seal this is. */
  issuerCode: z.string(),
  /** Issuer's name, for people reading the layout. */
  issuerName: z.string(),
  /** 0-based page index. */
  page: z.number().int().min(0),
  /** Centre of the seal, in points. */
  centerX: z.number(),
  centerY: z.number(),
  /** Diameter of the area reserved for the seal (a standard 公章 is 42 mm ≈ 119 pt). */
  diameter: z.number().positive(),
});
export type SealPosition = z.infer<typeof sealPositionSchema>;
