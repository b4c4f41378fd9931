import { GROW_ELEMENTS } from './default-care-elements-grow.js';
import { RENEW_ELEMENTS } from './default-care-elements-renew.js';
import { WIN_ELEMENTS, type DefaultCareElement } from './default-care-elements-win.js';

export type { DefaultCareElement } from './default-care-elements-win.js';

/**
 * The care model a new workspace starts from (domain brief sections 4-8): the catalogue's
 * elements from acquiring to winning back, each placed in the default lifecycle's stages (and
 * every segment), with Finnish and English texts a company edits rather than writes. All are
 * disabled: a company switches on what fits it.
 */
export function defaultCareModel(): DefaultCareElement[] {
  return structuredClone([...WIN_ELEMENTS, ...GROW_ELEMENTS, ...RENEW_ELEMENTS]);
}

/** The elements the demo company (src/demo) has switched on. */
export const DEMO_ENABLED_ELEMENTS = ['welcome-package', 'onboarding-kam-task', 'satisfaction-check', 'critical-moment-detractor', 'virtual-annual-review', 'win-back-offer'] as const;
