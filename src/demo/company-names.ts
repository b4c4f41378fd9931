import type { DemoRandom } from './demo-random.js';
import { asciiSlug, NAMES } from './person-names.js';

/** Countries of the demo's accounts, with their share of accounts, top-level domain and towns. */
export const COUNTRIES = {
  FI: {
    weight: 86,
    tld: 'fi',
    cities: [
      ['Helsinki', 30], ['Espoo', 10], ['Tampere', 10], ['Vantaa', 6], ['Oulu', 6], ['Turku', 6], ['Jyväskylä', 4],
      ['Kuopio', 3], ['Lahti', 3], ['Vaasa', 3], ['Pori', 2], ['Seinäjoki', 2], ['Joensuu', 2], ['Hämeenlinna', 2],
      ['Lappeenranta', 2], ['Porvoo', 1.5], ['Rovaniemi', 1.5], ['Kouvola', 1], ['Mikkeli', 1], ['Kokkola', 1],
      ['Salo', 1], ['Kotka', 1], ['Kajaani', 1],
    ],
  },
  SE: { weight: 7, tld: 'se', cities: [['Stockholm', 45], ['Göteborg', 20], ['Malmö', 15], ['Uppsala', 8], ['Umeå', 6], ['Luleå', 6]] },
  EE: { weight: 4, tld: 'ee', cities: [['Tallinn', 70], ['Tartu', 20], ['Pärnu', 10]] },
  NO: { weight: 1.8, tld: 'no', cities: [['Oslo', 60], ['Bergen', 20], ['Trondheim', 20]] },
  DK: { weight: 1.2, tld: 'dk', cities: [['København', 60], ['Aarhus', 25], ['Odense', 15]] },
} as const satisfies Record<string, { weight: number; tld: string; cities: readonly (readonly [string, number])[] }>;
export type CountryCode = keyof typeof COUNTRIES;
export const COUNTRY_CODES = Object.keys(COUNTRIES) as CountryCode[];

/** Business words of company names, with the industry they tell. */
const FI_WORDS: readonly (readonly [string, string])[] = [
  ['Logistiikka', 'Logistics'], ['Kuljetus', 'Logistics'], ['Sähkö', 'Energy'], ['Energia', 'Energy'],
  ['Konepaja', 'Manufacturing'], ['Metalli', 'Manufacturing'], ['Muovi', 'Manufacturing'], ['Rakennus', 'Construction'],
  ['Rakennuttajat', 'Construction'], ['LVI', 'Construction'], ['Kauppa', 'Retail'], ['Tukku', 'Wholesale'],
  ['Ohjelmistot', 'Software'], ['Data', 'Software'], ['IT-palvelut', 'Software'], ['Konsultointi', 'Professional services'],
  ['Tilitoimisto', 'Accounting'], ['Isännöinti', 'Real estate'], ['Kiinteistöt', 'Real estate'],
  ['Terveyspalvelut', 'Healthcare'], ['Elintarvike', 'Food & beverage'], ['Leipomo', 'Food & beverage'],
  ['Panimo', 'Food & beverage'], ['Viestintä', 'Media & marketing'], ['Mainostoimisto', 'Media & marketing'],
  ['Koulutus', 'Education'], ['Matkat', 'Travel & hospitality'], ['Metsä', 'Forestry'], ['Puutuote', 'Forestry'],
  ['Rahoitus', 'Financial services'],
];
const FI_SURNAMES = [
  'Virtanen', 'Korhonen', 'Nieminen', 'Mäkinen', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen',
  'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Kinnunen', 'Salonen', 'Turunen', 'Laitinen', 'Rantanen', 'Karjalainen',
  'Jokinen', 'Mattila', 'Lahtinen', 'Ahonen', 'Hyvönen', 'Räsänen', 'Väisänen', 'Kärkkäinen', 'Lindholm', 'Sundström',
  'Eskola', 'Peltola', 'Aaltonen', 'Hakala', 'Manninen', 'Pesonen', 'Kettunen', 'Oksanen', 'Vainio', 'Leinonen',
  'Laaksonen', 'Kallio', 'Nurmi', 'Seppälä', 'Hiltunen', 'Lappalainen', 'Anttila', 'Rautio', 'Toivonen', 'Ketola',
];
/** Regions and towns in the genitive ("Pohjolan Sähkö"), with the town the company then sits in. */
const FI_PLACES: readonly (readonly [string, string | null])[] = [
  ['Pohjolan', null], ['Tampereen', 'Tampere'], ['Oulun', 'Oulu'], ['Lapin', 'Rovaniemi'], ['Savon', 'Kuopio'],
  ['Karjalan', 'Joensuu'], ['Hämeen', 'Hämeenlinna'], ['Pirkanmaan', 'Tampere'], ['Kymen', 'Kouvola'],
  ['Satakunnan', 'Pori'], ['Uudenmaan', 'Helsinki'], ['Etelä-Suomen', null], ['Länsi-Suomen', null], ['Itä-Suomen', null],
  ['Keski-Suomen', 'Jyväskylä'], ['Pohjanmaan', 'Seinäjoki'], ['Kainuun', 'Kajaani'], ['Saimaan', 'Lappeenranta'],
  ['Päijänteen', 'Lahti'], ['Vaasan', 'Vaasa'], ['Turun', 'Turku'], ['Jyväskylän', 'Jyväskylä'], ['Kuopion', 'Kuopio'],
  ['Lahden', 'Lahti'], ['Porin', 'Pori'], ['Kotkan', 'Kotka'], ['Rauman', null], ['Espoon', 'Espoo'], ['Vantaan', 'Vantaa'],
  ['Helsingin', 'Helsinki'], ['Järvenpään', null], ['Rovaniemen', 'Rovaniemi'], ['Kajaanin', 'Kajaani'],
  ['Joensuun', 'Joensuu'], ['Seinäjoen', 'Seinäjoki'], ['Mikkelin', 'Mikkeli'], ['Hämeenlinnan', 'Hämeenlinna'],
  ['Porvoon', 'Porvoo'], ['Lohjan', null], ['Hyvinkään', null],
];
const BRAND_PREFIXES = [
  'Revon', 'Kide', 'Aalto', 'Kivi', 'Meri', 'Tähti', 'Sisu', 'Arktis', 'Nordic', 'Boreal', 'Polar', 'Tuisku', 'Kaamos',
  'Ruska', 'Halla', 'Routa', 'Hilla', 'Kelo', 'Louhi', 'Vire', 'Aura', 'Otava', 'Kuura', 'Lakea', 'Saari',
];
/** Brand endings: joined ("Kidetec") or as a second word ("Kide Systems"). */
const BRAND_SUFFIXES = ['tec', 'soft', 'data', 'works', 'net', 'line', 'logic', ' Systems', ' Labs', ' Group', ' Solutions', ' Partners'];
const BRAND_INDUSTRIES = ['Software', 'Software', 'Professional services', 'Media & marketing', 'Manufacturing', 'Healthcare', 'Education'];

interface ForeignSpec {
  surnames: readonly string[];
  words: readonly (readonly [string, string])[];
  legal: (employees: number) => string;
}
const FOREIGN: Record<Exclude<CountryCode, 'FI'>, ForeignSpec> = {
  SE: {
    surnames: NAMES.swedish.last,
    words: [
      ['Bygg', 'Construction'], ['El', 'Energy'], ['Transport', 'Logistics'], ['Logistik', 'Logistics'], ['Data', 'Software'],
      ['Konsult', 'Professional services'], ['Fastigheter', 'Real estate'], ['Media', 'Media & marketing'],
      ['Livsmedel', 'Food & beverage'], ['Verkstad', 'Manufacturing'], ['Energi', 'Energy'], ['Revision', 'Accounting'],
    ],
    legal: () => 'AB',
  },
  EE: {
    surnames: NAMES.estonian.last,
    words: [
      ['Logistika', 'Logistics'], ['Ehitus', 'Construction'], ['Energia', 'Energy'], ['Tarkvara', 'Software'],
      ['Konsultatsioonid', 'Professional services'], ['Kinnisvara', 'Real estate'], ['Meedia', 'Media & marketing'],
      ['Metall', 'Manufacturing'], ['Puit', 'Forestry'], ['Kaubandus', 'Wholesale'],
    ],
    legal: (employees) => (employees < 50 ? 'OÜ' : 'AS'),
  },
  NO: {
    surnames: NAMES.norwegian.last,
    words: [
      ['Transport', 'Logistics'], ['Bygg', 'Construction'], ['Elektro', 'Energy'], ['Eiendom', 'Real estate'],
      ['Data', 'Software'], ['Konsult', 'Professional services'], ['Mekaniske', 'Manufacturing'], ['Energi', 'Energy'],
    ],
    legal: () => 'AS',
  },
  DK: {
    surnames: NAMES.danish.last,
    words: [
      ['Logistik', 'Logistics'], ['Byg', 'Construction'], ['El', 'Energy'], ['Data', 'Software'],
      ['Rådgivning', 'Professional services'], ['Ejendomme', 'Real estate'], ['Fødevarer', 'Food & beverage'],
      ['Maskinfabrik', 'Manufacturing'],
    ],
    legal: (employees) => (employees < 50 ? 'ApS' : 'A/S'),
  },
};

export interface CompanyName {
  name: string;
  domain: string;
  industry: string;
  /** The town the name ties the company to, if any. */
  city: string | null;
}

interface Core {
  words: string[];
  industry: string | null;
  city: string | null;
}

/** How many distinct name cores a country has, and the core of number p in [0, capacity). */
function coresOf(country: CountryCode): { capacity: number; core: (p: number) => Core } {
  if (country === 'FI') {
    const bySurname = FI_SURNAMES.length * FI_WORDS.length;
    const byPlace = FI_PLACES.length * FI_WORDS.length;
    const byBrand = BRAND_PREFIXES.length * BRAND_SUFFIXES.length;
    return {
      capacity: bySurname + byPlace + byBrand,
      core: (p) => {
        if (p < bySurname) {
          const [word, industry] = FI_WORDS[p % FI_WORDS.length]!;
          return { words: [FI_SURNAMES[Math.floor(p / FI_WORDS.length)]!, word], industry, city: null };
        }
        p -= bySurname;
        if (p < byPlace) {
          const [word, industry] = FI_WORDS[p % FI_WORDS.length]!;
          const [place, city] = FI_PLACES[Math.floor(p / FI_WORDS.length)]!;
          return { words: [place, word], industry, city };
        }
        p -= byPlace;
        const prefix = BRAND_PREFIXES[Math.floor(p / BRAND_SUFFIXES.length)]!;
        const suffix = BRAND_SUFFIXES[p % BRAND_SUFFIXES.length]!;
        return { words: suffix.startsWith(' ') ? [prefix, suffix.slice(1)] : [prefix + suffix], industry: null, city: null };
      },
    };
  }
  const spec = FOREIGN[country];
  return {
    capacity: spec.surnames.length * spec.words.length,
    core: (p) => {
      const [word, industry] = spec.words[p % spec.words.length]!;
      return { words: [spec.surnames[Math.floor(p / spec.words.length)]!, word], industry, city: null };
    },
  };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Names companies without repeating a name: the n-th company of a country takes the n-th
 * name core in a seed-dependent permutation of all cores (a multiplicative bijection), so
 * names look random yet never collide. When a country's cores run out (large scales), names
 * go round again with a town and then a number added.
 */
export class CompanyNamer {
  private readonly counters = new Map<CountryCode, number>();
  private readonly spaces = new Map<CountryCode, { capacity: number; core: (p: number) => Core; step: number; offset: number }>();

  constructor(private readonly seed: number) {}

  next(country: CountryCode, employees: number, rnd: DemoRandom): CompanyName {
    const space = this.space(country);
    const n = this.counters.get(country) ?? 0;
    this.counters.set(country, n + 1);
    const round = Math.floor(n / space.capacity);
    const p = ((n % space.capacity) * space.step + space.offset) % space.capacity;
    const core = space.core(p);
    const words = [...core.words];
    const towns = COUNTRIES[country].cities;
    if (round > 0) {
      words.push(towns[(round - 1) % towns.length]![0]);
      if (round > towns.length) words.push(String(Math.floor((round - 1) / towns.length) + 1));
    }
    const legal = country === 'FI' ? (employees >= 1000 && rnd.chance(0.5) ? 'Oyj' : 'Oy') : FOREIGN[country].legal(employees);
    const slugs = words.map(asciiSlug);
    const label = rnd.chance(0.3) ? slugs.join('-') : slugs.join('');
    return {
      name: `${words.join(' ')} ${legal}`,
      domain: `${label}.${COUNTRIES[country].tld}`,
      industry: core.industry ?? rnd.pick(BRAND_INDUSTRIES),
      city: core.city,
    };
  }

  private space(country: CountryCode) {
    let s = this.spaces.get(country);
    if (!s) {
      const { capacity, core } = coresOf(country);
      let step = 7919 + (this.seed % 1000);
      while (gcd(step, capacity) !== 1) step++;
      s = { capacity, core, step, offset: this.seed % capacity };
      this.spaces.set(country, s);
    }
    return s;
  }
}
