import type { EventCondition, Rule, SubjectType } from '../rules/rule.js';
import type { LifecycleDefinition, LifecycleStage, LifecycleTransition } from './lifecycle-definition.js';

/**
 * The lifecycle a new workspace starts from (domain brief section 2): the prospect funnel in
 * its AIDA steps, then new, customer, loyal, promoter and former, with rules a real company
 * would start from and then edit. Event names are the ones the demo company (and Segment's
 * specs) send: 'Page Viewed', 'Guide Downloaded', 'Webinar Registered', 'Demo Requested',
 * 'Order Completed', 'NPS Answered' (property `score`), 'Login'; plus a few a company sends
 * from its CRM: 'Content Downloaded', 'Meeting Held', 'Offer Sent', 'Onboarding Completed',
 * 'Referral Given'.
 *
 * Accounts move on their orders. Contacts (people) move on their own orders or their own
 * use of the product (a person who signs in is a user at a customer).
 */
export const DEFAULT_FORMER_AFTER_DAYS = 365;

export interface DefaultLifecycleOptions {
  /** Days without a purchase (or, for a person, without use) after which a customer is former. */
  formerAfterDays?: number;
}

const STAGES: LifecycleStage[] = [
  {
    key: 'awareness',
    name: { fi: 'Tunnettuus', en: 'Awareness' },
    description: {
      fi: 'Potentiaalinen asiakas tuntee meidät, mutta ei vielä osoita kiinnostusta.',
      en: 'A prospect who knows of us but shows no interest yet.',
    },
    kind: 'prospect',
    group: 'prospect',
  },
  {
    key: 'interest',
    name: { fi: 'Kiinnostus', en: 'Interest' },
    description: {
      fi: 'Potentiaalinen asiakas tutustuu sisältöihimme: lukee, lataa oppaita, ilmoittautuu webinaareihin.',
      en: 'A prospect who engages with our content: reads, downloads guides, registers for webinars.',
    },
    kind: 'prospect',
    group: 'prospect',
  },
  {
    key: 'decision',
    name: { fi: 'Päätös', en: 'Decision' },
    description: {
      fi: 'Potentiaalinen asiakas harkitsee ostoa: katsoo hinnoittelua tai tapaa meidät.',
      en: 'A prospect who weighs a purchase: looks at pricing or meets us.',
    },
    kind: 'prospect',
    group: 'prospect',
  },
  {
    key: 'action',
    name: { fi: 'Toiminta', en: 'Action' },
    description: {
      fi: 'Potentiaalinen asiakas toimii: pyytää demon tai tarjouksen tai aloittaa kokeilun.',
      en: 'A prospect who acts: asks for a demo or an offer, or starts a trial.',
    },
    kind: 'prospect',
    group: 'prospect',
  },
  {
    key: 'new',
    name: { fi: 'Uusi asiakas', en: 'New customer' },
    description: {
      fi: 'Ensimmäinen osto (tai paluu entisenä asiakkaana) on tehty; perehdytys on käynnissä.',
      en: 'Has bought for the first time (or come back as a former customer); onboarding is under way.',
    },
    kind: 'customer',
  },
  {
    key: 'customer',
    name: { fi: 'Asiakas', en: 'Customer' },
    description: {
      fi: 'Perehdytetty, ostava asiakas.',
      en: 'An onboarded customer who keeps buying.',
    },
    kind: 'customer',
  },
  {
    key: 'loyal',
    name: { fi: 'Kanta-asiakas', en: 'Loyal customer' },
    description: {
      fi: 'Pitkäaikainen tai toistuvasti ostava asiakas.',
      en: 'A long-standing customer or one who buys again and again.',
    },
    kind: 'customer',
  },
  {
    key: 'promoter',
    name: { fi: 'Suosittelija', en: 'Promoter' },
    description: {
      fi: 'Suosittelee meitä: NPS-vastaus 9–10 tai suositus viimeisen vuoden aikana.',
      en: 'Recommends us: an NPS answer of 9-10 or a referral within the last year.',
    },
    kind: 'customer',
  },
  {
    key: 'former',
    name: { fi: 'Entinen asiakas', en: 'Former customer' },
    description: {
      fi: 'Ei ostoja pitkään aikaan: poistumiskysely, takaisinvoitto ja matala kynnys palata.',
      en: 'No purchases for a long time: exit survey, win-back and a low threshold to return.',
    },
    kind: 'former',
  },
];

const PROSPECT_STAGES = ['awareness', 'interest', 'decision', 'action'];
const CUSTOMER_STAGES = ['new', 'customer', 'loyal', 'promoter'];

const atLeast = (event: string, times: number, withinDays: number, extra: Partial<EventCondition> = {}): EventCondition => ({
  event,
  within_days: withinDays,
  op: 'gte',
  value: times,
  ...extra,
});

/** Events that show a prospect engaging: visits, content, webinars, meetings, offers. */
const ENGAGEMENT_EVENTS = [
  'Page Viewed',
  'Guide Downloaded',
  'Content Downloaded',
  'Webinar Registered',
  'Newsletter Opened',
  'Demo Requested',
  'Meeting Held',
  'Offer Sent',
];

/** The AIDA steps: forward on engagement, back to awareness when it stops for half a year. */
function funnelTransitions(): LifecycleTransition[] {
  return [
    {
      key: 'engaged',
      from: ['awareness'],
      to: 'interest',
      rule: {
        any: [
          atLeast('Guide Downloaded', 1, 90),
          atLeast('Content Downloaded', 1, 90),
          atLeast('Webinar Registered', 1, 90),
          atLeast('Page Viewed', 3, 30),
        ],
      },
      description: {
        fi: 'Oppaan tai sisällön lataus tai webinaari-ilmoittautuminen 90 päivän sisällä, tai vähintään 3 sivunkatselua 30 päivässä.',
        en: 'Downloaded a guide or content or registered for a webinar within 90 days, or viewed at least 3 pages in 30 days.',
      },
    },
    {
      key: 'considering',
      from: ['awareness', 'interest'],
      to: 'decision',
      rule: {
        any: [
          atLeast('Page Viewed', 1, 60, { where: [{ property: 'category', op: 'eq', value: 'pricing' }] }),
          atLeast('Meeting Held', 1, 90),
        ],
      },
      description: {
        fi: 'Hinnoittelusivun katselu 60 päivän sisällä tai tapaaminen 90 päivän sisällä.',
        en: 'Viewed the pricing page within 60 days or met us within 90 days.',
      },
    },
    {
      key: 'acting',
      from: ['awareness', 'interest', 'decision'],
      to: 'action',
      rule: { any: [atLeast('Demo Requested', 1, 90), atLeast('Offer Sent', 1, 90), atLeast('Trial Started', 1, 90)] },
      description: {
        fi: 'Demopyyntö, lähetetty tarjous tai aloitettu kokeilu 90 päivän sisällä.',
        en: 'Asked for a demo, was sent an offer or started a trial within 90 days.',
      },
    },
    {
      key: 'cooled',
      from: ['interest', 'decision', 'action'],
      to: 'awareness',
      rule: { not: { any: ENGAGEMENT_EVENTS.map((e) => atLeast(e, 1, 180)) } },
      description: {
        fi: 'Ei sivunkatseluja, latauksia, webinaareja, tapaamisia tai tarjouksia 180 päivään.',
        en: 'No page views, downloads, webinars, meetings or offers for 180 days.',
      },
    },
  ];
}

/** NPS answers and referrals of the last year: a 9-10 or a referral, unless the latest answer is 0-6. */
function promoterRule(): Rule {
  const latestScore = (op: 'gte' | 'lte', value: number): EventCondition => ({
    event: 'NPS Answered',
    measure: { fn: 'last', property: 'score' },
    within_days: 365,
    op,
    value,
  });
  return { all: [{ not: latestScore('lte', 6) }, { any: [latestScore('gte', 9), atLeast('Referral Given', 1, 365)] }] };
}

function withDays(text: string, days: number): string {
  return text.replaceAll('{days}', String(days));
}

/** The default definition of the subject type. */
export function defaultLifecycle(subject: SubjectType, options: DefaultLifecycleOptions = {}): LifecycleDefinition {
  const days = options.formerAfterDays ?? DEFAULT_FORMER_AFTER_DAYS;
  const person = subject === 'contact';
  /** Bought (or, for a person, used the product) within the last n days (n = null: ever). */
  const active = (n: number | null): Rule => {
    const window = n === null ? {} : { within_days: n };
    const bought: Rule = { orders: 'count', ...window, op: 'gte', value: 1 };
    if (!person) return bought;
    const used = (event: string): Rule => ({ event, ...window, op: 'gte', value: 1 });
    return { any: [bought, used('Login'), used('Signed In')] };
  };
  const onboarded: Rule[] = [
    atLeast('Onboarding Completed', 1, days),
    { metric: 'days_in_stage', op: 'gte', value: 90 },
    // Bought first over 90 days ago and nothing in the last 90 days, or bought twice in a year:
    // past onboarding, also when stages are first computed over old data.
    { all: [{ metric: 'tenure_days', op: 'gte', value: 90 }, { orders: 'count', within_days: 90, op: 'eq', value: 0 }] },
    { all: [{ metric: 'tenure_days', op: 'gte', value: 90 }, { orders: 'count', within_days: 365, op: 'gte', value: 2 }] },
  ];
  if (person) {
    // The earliest sign-in of the last year was over 90 days ago: in use for 90 days without a break of a year.
    onboarded.push({ event: 'Login', measure: { fn: 'first_at' }, within_days: 365, op: 'more_than_days_ago', value: 90 });
  }
  const loyal: Rule[] = [
    { metric: 'tenure_days', op: 'gte', value: 730 },
    { orders: 'count', within_days: 730, op: 'gte', value: 3 },
  ];
  // Top value: the RFM monetary score (quintiles 1-5 of purchase value, written by analytics for accounts).
  if (!person) loyal.push({ metric: 'rfm_m', op: 'gte', value: 5 });
  else {
    loyal.push({ all: [{ event: 'Login', measure: { fn: 'first_at' }, op: 'more_than_days_ago', value: 730 }, atLeast('Login', 10, 90)] });
  }
  const what = person
    ? { fi: 'ostoa tai tuotteen käyttöä', en: 'purchase or use of the product' }
    : { fi: 'ostoa', en: 'purchase' };
  const transitions: LifecycleTransition[] = [
    {
      key: 'first_purchase',
      from: PROSPECT_STAGES,
      to: 'new',
      rule: active(null),
      description: person
        ? { fi: 'Ensimmäinen osto tai tuotteen käyttö.', en: 'First purchase or first use of the product.' }
        : { fi: 'Ensimmäinen osto.', en: 'First purchase.' },
    },
    {
      key: 'win_back',
      from: ['former'],
      to: 'new',
      rule: active(days),
      description: {
        fi: withDays(`Entinen asiakas palasi: ${what.fi} viimeisen {days} päivän aikana.`, days),
        en: withDays(`A former customer came back: a ${what.en} within the last {days} days.`, days),
      },
    },
    {
      key: 'lapsed',
      from: CUSTOMER_STAGES,
      to: 'former',
      rule: { not: active(days) },
      description: {
        fi: withDays(`Ei ${what.fi} {days} päivään.`, days),
        en: withDays(`No ${what.en} for {days} days.`, days),
      },
    },
    {
      key: 'onboarded',
      from: ['new'],
      to: 'customer',
      rule: { any: onboarded },
      description: person
        ? {
            fi: 'Perehdytys valmis (Onboarding Completed), 90 päivää uutena asiakkaana, ensimmäisestä ostosta yli 90 päivää ilman ostoja 90 päivään tai 2 ostoa vuodessa, tai käytössä yli 90 päivää ilman vuoden taukoa.',
            en: 'Onboarding completed, 90 days as a new customer, first purchase over 90 days ago with no purchase in 90 days or 2 purchases in a year, or in use for over 90 days without a year-long break.',
          }
        : {
            fi: 'Perehdytys valmis (Onboarding Completed), 90 päivää uutena asiakkaana, tai ensimmäisestä ostosta yli 90 päivää ilman ostoja 90 päivään tai 2 ostoa vuodessa.',
            en: 'Onboarding completed, 90 days as a new customer, or first purchase over 90 days ago with no purchase in 90 days or 2 purchases in a year.',
          },
    },
    {
      key: 'loyal',
      from: ['customer'],
      to: 'loyal',
      rule: { any: loyal },
      description: person
        ? {
            fi: 'Ensimmäisestä ostosta yli 2 vuotta, vähintään 3 ostoa 2 vuodessa, tai käyttäjä yli 2 vuotta ja vähintään 10 kirjautumista 90 päivässä.',
            en: 'First purchase over 2 years ago, at least 3 purchases in 2 years, or a user for over 2 years with at least 10 sign-ins in 90 days.',
          }
        : {
            fi: 'Ensimmäisestä ostosta yli 2 vuotta, vähintään 3 ostoa 2 vuodessa tai ostojen arvo ylintä viidennestä (RFM:n M-pisteet 5).',
            en: 'First purchase over 2 years ago, at least 3 purchases in 2 years, or purchase value in the top fifth (RFM monetary score 5).',
          },
    },
    {
      key: 'promoter',
      from: ['customer', 'loyal'],
      to: 'promoter',
      rule: promoterRule(),
      description: {
        fi: 'NPS-vastaus 9–10 tai suositus viimeisen vuoden aikana (eikä viimeisin NPS-vastaus ole 0–6).',
        en: 'An NPS answer of 9-10 or a referral within the last year (and the latest NPS answer is not 0-6).',
      },
    },
    {
      key: 'promoter_lapsed',
      from: ['promoter'],
      to: 'customer',
      rule: { not: promoterRule() },
      description: {
        fi: 'Ei enää suosittelija: ei NPS 9–10 -vastausta eikä suositusta vuoteen, tai viimeisin NPS-vastaus 0–6.',
        en: 'No longer a promoter: no NPS answer of 9-10 and no referral for a year, or the latest NPS answer is 0-6.',
      },
    },
    ...funnelTransitions(),
  ];
  return {
    stages: STAGES.map((s) => ({ ...s })),
    initial: 'awareness',
    transitions,
    settings: { formerAfterDays: days },
  };
}
