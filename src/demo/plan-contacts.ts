import type { CountryCode } from './company-names.js';
import type { DemoRandom } from './demo-random.js';
import type { BuyingRole, DemoContact } from './demo-rows.js';
import type { DemoCalendar } from './helsinki-calendar.js';
import { asciiSlug, pickPersonName } from './person-names.js';

/** A contact with what the event generator needs to know about the person. */
export interface ContactPlan {
  row: DemoContact;
  /** Window day the person became known. */
  createdDay: number;
  /** Reads the newsletter. */
  subscribed: boolean;
  /** How active the person is, around 1. */
  engagement: number;
  /** Minutes to add to Helsinki's UTC offset for the person's own time zone. */
  tzShift: number;
}

/** Job titles by buying role, in Finnish, Swedish and English, with the buyer persona they imply. */
const TITLES: Record<BuyingRole, readonly (readonly [fi: string, sv: string, en: string, persona: string])[]> = {
  decision_maker: [
    ['Toimitusjohtaja', 'VD', 'CEO', 'executive'],
    ['Talousjohtaja', 'Ekonomichef', 'CFO', 'finance_leader'],
    ['Myyntijohtaja', 'Försäljningschef', 'Sales Director', 'sales_leader'],
    ['Teknologiajohtaja', 'Teknisk chef', 'CTO', 'technology_leader'],
    ['Liiketoimintajohtaja', 'Affärsområdeschef', 'Head of Business Unit', 'executive'],
  ],
  influencer: [
    ['Tietohallintopäällikkö', 'IT-chef', 'IT Manager', 'it_manager'],
    ['Controller', 'Controller', 'Controller', 'finance_specialist'],
    ['Kehityspäällikkö', 'Utvecklingschef', 'Head of Development', 'technology_leader'],
    ['Markkinointijohtaja', 'Marknadschef', 'Marketing Director', 'marketing_leader'],
  ],
  user: [
    ['Analyytikko', 'Analytiker', 'Analyst', 'analyst'],
    ['Myyntipäällikkö', 'Säljchef', 'Sales Manager', 'sales_manager'],
    ['Asiakkuuspäällikkö', 'Kundansvarig', 'Account Manager', 'sales_manager'],
    ['Markkinointikoordinaattori', 'Marknadskoordinator', 'Marketing Coordinator', 'marketer'],
    ['Projektipäällikkö', 'Projektledare', 'Project Manager', 'operations_manager'],
    ['Talousasiantuntija', 'Ekonomiassistent', 'Finance Specialist', 'finance_specialist'],
  ],
  champion: [
    ['Liiketoiminnan kehittäjä', 'Affärsutvecklare', 'Business Developer', 'business_developer'],
    ['Raportointipäällikkö', 'Rapporteringsansvarig', 'Reporting Lead', 'analyst'],
    ['Data-asiantuntija', 'Dataspecialist', 'Data Specialist', 'analyst'],
  ],
  purchaser: [
    ['Hankintapäällikkö', 'Inköpschef', 'Procurement Manager', 'procurement'],
    ['Ostopäällikkö', 'Inköpare', 'Purchasing Manager', 'procurement'],
  ],
};

const TIME_ZONES: Record<CountryCode, [string, number]> = {
  FI: ['Europe/Helsinki', 0],
  EE: ['Europe/Tallinn', 0],
  SE: ['Europe/Stockholm', -60],
  NO: ['Europe/Oslo', -60],
  DK: ['Europe/Copenhagen', -60],
};

/** Each company's address convention: etunimi.sukunimi is the Finnish norm. */
const EMAIL_STYLES = [
  [(f: string, l: string) => `${f}.${l}`, 78],
  [(f: string, l: string) => `${f[0]}.${l}`, 8],
  [(f: string, l: string) => `${f}${l}`, 6],
  [(f: string, l: string) => `${f}.${l[0]}`, 4],
  [(f: string) => f, 4],
] as const;

function phone(rnd: DemoRandom, country: CountryCode): string {
  const d = (n: number) => String(rnd.int(0, 10 ** n - 1)).padStart(n, '0');
  switch (country) {
    case 'FI':
      return `+358 ${rnd.pick(['40', '41', '44', '45', '46', '50'])} ${d(3)} ${d(4)}`;
    case 'SE':
      return `+46 7${rnd.pick(['0', '2', '3', '6'])} ${d(3)} ${d(2)} ${d(2)}`;
    case 'EE':
      return `+372 5${d(3)} ${d(4)}`;
    case 'NO':
      return `+47 9${d(2)} ${d(2)} ${d(3)}`;
    case 'DK':
      return `+45 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`;
  }
}

export interface ContactsInput {
  rnd: DemoRandom;
  cal: DemoCalendar;
  accountKey: number;
  country: CountryCode;
  city: string;
  domain: string;
  /** Buying roles of the people, in order of when they got involved. */
  roles: BuyingRole[];
  /** The day each person became known (same order as roles). */
  createdDays: number[];
  nextContactKey: () => number;
}

/** The people of one account: names by the country's population, e-mail addresses on the company's domain. */
export function planContacts(input: ContactsInput): ContactPlan[] {
  const { rnd, cal } = input;
  const style = EMAIL_STYLES[rnd.weighted(EMAIL_STYLES.map((s) => s[1]))]![0];
  const used = new Set<string>();
  const [timezone, tzShift] = TIME_ZONES[input.country];
  return input.roles.map((role, i) => {
    const key = input.nextContactKey();
    const name = pickPersonName(rnd, input.country, input.city);
    const base = style(asciiSlug(name.first), asciiSlug(name.last));
    let local = base;
    for (let n = 2; used.has(local); n++) local = `${base}${n}`;
    used.add(local);
    const [fi, sv, en, persona] = rnd.pick(TITLES[role]);
    const createdDay = input.createdDays[i]!;
    const createdAt = cal.utcMs(createdDay, cal.timeOfDay(rnd, 'work'), tzShift);
    const subscribed = rnd.chance(role === 'purchaser' ? 0.3 : 0.6);
    const row: DemoContact = {
      key,
      accountKey: input.accountKey,
      externalId: `USR-${String(key + 1).padStart(7, '0')}`,
      anonymousId: rnd.uuid(),
      email: `${local}@${input.domain}`,
      firstName: name.first,
      lastName: name.last,
      phone: rnd.chance(0.6) ? phone(rnd, input.country) : null,
      title: name.locale === 'fi' ? fi : name.locale === 'sv' ? sv : en,
      locale: name.locale,
      timezone,
      buyingRole: role,
      persona,
      traits: { newsletter_opt_in: subscribed, ...(rnd.chance(0.4) ? { linkedin: true } : {}) },
      createdAt,
      updatedAt: createdAt,
    };
    return { row, createdDay, subscribed, engagement: Math.exp(0.45 * rnd.normal()), tzShift };
  });
}
