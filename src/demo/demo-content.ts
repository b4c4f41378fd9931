import type { DemoRandom } from './demo-random.js';
import { VENDOR } from './demo-catalog.js';

/** Pages of the demo company's web site, by category: [path, title]. */
export const PAGES = {
  home: [['/', 'Lumo – raportointi ja analytiikka kasvuyrityksille']],
  blog: [
    ['/blogi/asiakaspysyvyyden-mittarit', 'Viisi mittaria asiakaspysyvyyteen'],
    ['/blogi/raportoinnin-automatisointi', 'Raportoinnin automatisointi pk-yrityksessä'],
    ['/blogi/elinkaariarvon-laskenta', 'Näin lasket asiakkaan elinkaariarvon'],
    ['/blogi/johdon-dashboard', 'Hyvän johdon dashboardin anatomia'],
    ['/blogi/datan-laatu', 'Datan laatu ratkaisee'],
    ['/blogi/ennustava-analytiikka', 'Ennustava analytiikka arjessa'],
    ['/blogi/kuukausiraportti-tunnissa', 'Kuukausiraportti tunnissa, ei päivässä'],
  ],
  features: [
    ['/ominaisuudet', 'Ominaisuudet'],
    ['/ominaisuudet/dashboardit', 'Dashboardit'],
    ['/ominaisuudet/integraatiot', 'Integraatiot: Netvisor, Procountor, HubSpot ja muut'],
    ['/ominaisuudet/ennusteet', 'Ennusteet ja hälytykset'],
  ],
  case_studies: [
    ['/asiakkaat', 'Asiakastarinat'],
    ['/asiakkaat/logistiikkayhtio', 'Logistiikkayhtiö nopeutti raportointia 70 %'],
    ['/asiakkaat/tilitoimisto', 'Tilitoimisto palvelee asiakkaitaan reaaliaikaisella datalla'],
  ],
  docs: [
    ['/ohjeet/aloitus', 'Aloitusopas'],
    ['/ohjeet/tietolahteet', 'Tietolähteiden yhdistäminen'],
    ['/ohjeet/raportit', 'Raporttien tekeminen'],
    ['/ohjeet/kayttajat', 'Käyttäjähallinta'],
    ['/ohjeet/api', 'API-rajapinta'],
  ],
  pricing: [['/hinnoittelu', 'Hinnoittelu']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;
export type PageCategory = keyof typeof PAGES;

const REFERRERS = ['https://www.google.com/', 'https://www.linkedin.com/', 'https://www.bing.com/', 'https://www.kauppalehti.fi/', ''];

export function pageProperties(rnd: DemoRandom, category: PageCategory, external: boolean): Record<string, unknown> {
  const pages: readonly (readonly [string, string])[] = PAGES[category];
  const [path, title] = rnd.pick(pages);
  const referrer = external ? rnd.pick(REFERRERS) : '';
  return { category, path, title, url: VENDOR.site + path, ...(referrer ? { referrer } : {}) };
}

export const WEBINARS = [
  'Asiakaspysyvyys numeroina',
  'Johdon raportointi ilman Exceliä',
  'Ennustava analytiikka myynnin tukena',
  'Integraatiot taloushallintoon',
  'Näin rakennat KPI-dashboardin',
  'Datalla johdettu asiakkuudenhoito',
];

export const NEWSLETTER_SUBJECTS = [
  'Uutta Lumossa: nopeammat raportit',
  'Kolme vinkkiä kuukausiraportointiin',
  'Asiakastarina: näin säästimme 10 tuntia viikossa',
  'Tulevat webinaarit',
  'Lumo-vuosi pähkinänkuoressa',
  'Uusi integraatio: Procountor',
];

export const USAGE_EVENTS = ['Login', 'Dashboard Viewed', 'Report Created', 'Report Shared', 'Export Downloaded', 'Alert Created', 'Data Source Connected'] as const;
export const USAGE_WEIGHTS = [28, 34, 14, 6, 7, 3, 1];

const DASHBOARDS = ['Myynnin yleiskuva', 'Asiakaskannattavuus', 'Kassavirta', 'Markkinoinnin ROI', 'Varaston kierto', 'Johdon kuukausiraportti'];
const SOURCES = ['Netvisor', 'Procountor', 'HubSpot', 'Salesforce', 'Excel', 'PostgreSQL', 'Visma'];

export function usageProperties(rnd: DemoRandom, name: (typeof USAGE_EVENTS)[number]): Record<string, unknown> {
  switch (name) {
    case 'Login':
      return { method: rnd.pick(['password', 'password', 'sso', 'google']) };
    case 'Dashboard Viewed':
      return { dashboard: rnd.pick(DASHBOARDS) };
    case 'Report Created':
      return { report_type: rnd.pick(['table', 'chart', 'pivot', 'kpi']), from_template: rnd.chance(0.4) };
    case 'Report Shared':
      return { channel: rnd.pick(['email', 'link', 'teams', 'slack']) };
    case 'Export Downloaded':
      return { format: rnd.pick(['xlsx', 'xlsx', 'pdf', 'csv']) };
    case 'Alert Created':
      return { metric: rnd.pick(['revenue', 'margin', 'churn', 'cash']) };
    case 'Data Source Connected':
      return { source: rnd.pick(SOURCES) };
  }
}

export const TICKET_CATEGORIES = ['how_to', 'how_to', 'bug', 'billing', 'integration', 'feature_request'];

/** Open-text NPS comments by score band (detractor, passive, promoter). */
export const NPS_COMMENTS = {
  detractor: ['Liian kallis käyttöön nähden.', 'Raporttien lataus on hidasta.', 'Tuki vastaa liian hitaasti.', 'Integraatio kirjanpitoon katkeilee.'],
  passive: ['Toimii, mutta integraatioita kaivattaisiin lisää.', 'Ihan hyvä, käyttöliittymässä opeteltavaa.', 'Hinta-laatusuhde kohtuullinen.'],
  promoter: ['Raportit säästävät meiltä tunteja viikossa.', 'Hyvä tuki ja helppo käyttää.', 'Johtoryhmä rakastaa dashboardeja.', 'Paras hankinta tänä vuonna.'],
};
