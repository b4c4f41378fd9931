/** What the demo company (Lumo Analytics Oy) sells: a reporting SaaS in three plans, add-ons and services. */
export type PlanTier = 1 | 2 | 3;

export interface CatalogItem {
  sku: string;
  name: string;
  nameEn: string;
  category: 'plan' | 'add-on' | 'service';
  /** The list price today, in cents: per year for plans and add-ons, once for services. */
  priceCents: number;
  billing: 'annual' | 'one_time';
  tier?: PlanTier;
  /** Users a plan includes. */
  users?: number;
}

export const VENDOR = { name: 'Lumo Analytics Oy', product: 'Lumo', site: 'https://lumo.fi' } as const;

export const PLANS: Record<PlanTier, CatalogItem> = {
  1: { sku: 'LUMO-PERUS', name: 'Lumo Perus', nameEn: 'Lumo Basic', category: 'plan', priceCents: 240_000, billing: 'annual', tier: 1, users: 5 },
  2: { sku: 'LUMO-KASVU', name: 'Lumo Kasvu', nameEn: 'Lumo Growth', category: 'plan', priceCents: 720_000, billing: 'annual', tier: 2, users: 25 },
  3: { sku: 'LUMO-YRITYS', name: 'Lumo Yritys', nameEn: 'Lumo Enterprise', category: 'plan', priceCents: 1_920_000, billing: 'annual', tier: 3, users: 100 },
};

export const ADD_ONS: readonly CatalogItem[] = [
  { sku: 'LUMO-USERS-10', name: 'Lisäkäyttäjät (10 kpl)', nameEn: 'Extra users (10)', category: 'add-on', priceCents: 96_000, billing: 'annual' },
  { sku: 'LUMO-INTEGRATIONS', name: 'Integraatiopaketti', nameEn: 'Integration pack', category: 'add-on', priceCents: 180_000, billing: 'annual' },
  { sku: 'LUMO-AI', name: 'Ennustava analytiikka', nameEn: 'Predictive analytics', category: 'add-on', priceCents: 420_000, billing: 'annual' },
  { sku: 'LUMO-SSO', name: 'SSO ja auditointiloki', nameEn: 'SSO and audit log', category: 'add-on', priceCents: 240_000, billing: 'annual' },
  { sku: 'LUMO-SUPPORT', name: 'Premium-tuki', nameEn: 'Premium support', category: 'add-on', priceCents: 300_000, billing: 'annual' },
];

export const SERVICES = {
  onboarding: { sku: 'LUMO-ONBOARD', name: 'Käyttöönottopaketti', nameEn: 'Onboarding package', category: 'service', priceCents: 150_000, billing: 'one_time' },
  training: { sku: 'LUMO-TRAINING', name: 'Koulutuspäivä', nameEn: 'Training day', category: 'service', priceCents: 120_000, billing: 'one_time' },
} as const satisfies Record<string, CatalogItem>;

export const CATALOG: readonly CatalogItem[] = [PLANS[1], PLANS[2], PLANS[3], ...ADD_ONS, SERVICES.onboarding, SERVICES.training];

/** Prices rise about 4 % every January: the price in a given year, in whole euros as cents. */
export function priceInYear(item: CatalogItem, year: number, referenceYear: number): number {
  const years = Math.max(0, referenceYear - year);
  return Math.round(item.priceCents / 1.04 ** years / 100) * 100;
}
