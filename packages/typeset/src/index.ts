/**
 * @oa/typeset: a 公文 (the shared document model) in, a GB/T 9704 PDF out, with the seal
 * positions the signature package stamps. See docs/typesetting.md.
 */
export { typeset, layout, metricsOf, type TypesetResult, type TypesetOptions } from './typeset';
export { loadFonts, loadFont, type FontSet, type LoadedFont, type LoadFontsOptions } from './fonts/load';
export { discoverFonts, defaultFontFolders, type DiscoveredFont } from './fonts/discover';
export { subsetFace } from './fonts/harfbuzz';
export { parseFontMap, fontMapSchema, type FontMap } from './fonts/font-map';
export { fontRoles, fontRoleNames, fontCandidates, type FontSource } from './fonts/roles';
export { gbt9704, geometry, mmToPt, ptToMm } from './gbt9704';
export type { DocumentLayout } from './layout/compose';
export type { PageLayout, PlacedRun, Rule } from './layout/page-model';
