import type { SubjectType } from '../../rules/rule.js';
import type { CareElementDefinition } from './care-element.js';
import { letter, SIGNED_BY_OWNER } from './default-care-texts.js';

export interface DefaultCareElement {
  key: string;
  subjectType: SubjectType;
  definition: CareElementDefinition;
}

const PROSPECT = ['awareness', 'interest', 'decision', 'action'];

/** WIN (hanki): acquire, activate and onboarding elements of the default care model. */
export const WIN_ELEMENTS: DefaultCareElement[] = [
  {
    key: 'guide-follow-up',
    subjectType: 'contact',
    definition: {
      name: { fi: 'Oppaan lataajan jatkoviesti', en: 'Guide download follow-up' },
      description: {
        fi: 'Oppaan ladannut henkilö saa kahden päivän päästä tarjouksen maksuttomasta keskustelusta.',
        en: 'A person who downloaded a guide is offered a free conversation two days later.',
      },
      phase: 'acquire',
      placement: { stages: PROSPECT, segments: [] },
      trigger: { kind: 'event', event: 'Guide Downloaded', max_age_days: 3, delay: { days: 2 } },
      steps: [
        {
          id: 'offer_talk',
          kind: 'email',
          purpose: 'marketing',
          template: {
            subject: { fi: 'Kiitos, että latasit oppaamme', en: 'Thanks for downloading our guide' },
            body: letter([
              { fi: 'kiitos kiinnostuksestasi! Toivottavasti oppaasta oli hyötyä.', en: 'Thank you for your interest! We hope you found the guide useful.' },
              {
                fi: 'Moni lukija kysyy meiltä, miten oppaan vinkit saa käytäntöön omassa organisaatiossa. Autamme mielellämme: 30 minuutin maksuttomassa keskustelussa käymme läpi tilanteenne ja ehdotamme kaksi tai kolme ensimmäistä askelta.',
                en: "Many readers ask us how to put the guide's tips into practice in their own organisation. We're happy to help: in a free 30-minute conversation we'll go through your situation and suggest the first two or three steps.",
              },
              { fi: 'Jos tämä kiinnostaa, vastaa tähän viestiin ja kerro, mikä ajankohta sinulle sopisi.', en: 'If that sounds useful, just reply to this email and tell us what time would suit you.' },
            ]),
          },
        },
      ],
      holdout_percent: 10,
      outcome: { kind: 'stage_reached', stage: 'decision', days: 90 },
      reentry: { kind: 'after_days', days: 90 },
    },
  },
  {
    key: 'webinar-invitation',
    subjectType: 'account',
    definition: {
      name: { fi: 'Webinaarikutsu', en: 'Webinar invitation' },
      description: {
        fi: 'Kiinnostuneelle potentiaaliselle asiakkaalle kutsu maksuttomaan webinaariin.',
        en: 'An interested prospect is invited to a free webinar.',
      },
      phase: 'acquire',
      placement: { stages: ['interest', 'decision'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'interest', delay: { days: 1 } },
      steps: [
        {
          id: 'invite',
          kind: 'email',
          purpose: 'marketing',
          to: { roles: ['decision_maker', 'influencer', 'champion'] },
          template: {
            subject: { fi: 'Kutsu webinaariimme: asiakkaidemme parhaat käytännöt', en: "You're invited: our customers' best practices webinar" },
            body: letter([
              {
                fi: 'järjestämme säännöllisesti maksuttomia webinaareja, joissa asiakkaamme ja asiantuntijamme kertovat, mikä on toiminut käytännössä. Puolessa tunnissa saat useita ideoita omaan työhösi, ja lopuksi jää aikaa kysymyksille.',
                en: 'We regularly host free webinars where our customers and experts share what has worked in practice. In half an hour you will pick up several ideas for your own work, with time for questions at the end.',
              },
              {
                fi: 'Vastaa tähän viestiin, niin varaamme sinulle paikan seuraavaan webinaariin ja lähetämme kalenterikutsun.',
                en: "Reply to this email and we'll save you a seat at the next webinar and send you a calendar invitation.",
              },
            ]),
          },
        },
      ],
      holdout_percent: 10,
      outcome: { kind: 'stage_reached', stage: 'decision', days: 90 },
    },
  },
  {
    key: 'meeting-booking',
    subjectType: 'account',
    definition: {
      name: { fi: 'Tapaamisen sopiminen', en: 'Booking a meeting' },
      description: {
        fi: 'Kun potentiaalinen asiakas pyytää demoa tai tarjousta, myyjä sopii (virtuaali)tapaamisen vuorokauden sisällä ja palaa asiaan viikon kuluttua, jos päätöstä ei ole tullut.',
        en: 'When a prospect asks for a demo or an offer, the seller books a (virtual) meeting within a day and follows up a week later if no decision has come.',
      },
      phase: 'activate',
      placement: { stages: ['action'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'action' },
      steps: [
        {
          id: 'book_meeting',
          kind: 'task',
          title: { fi: 'Sovi tapaaminen asiakkaan kanssa', en: 'Book a meeting with the prospect' },
          body: {
            fi: 'Asiakas on pyytänyt demoa tai tarjousta. Ota yhteyttä vuorokauden sisällä ja sovi (virtuaali)tapaaminen, jossa käydään läpi tarpeet, aikataulu ja seuraavat askeleet.',
            en: 'The prospect has asked for a demo or an offer. Get in touch within a day and book a (virtual) meeting to go through their needs, timeline and next steps.',
          },
          due_in_days: 1,
          assignee: 'account_owner',
        },
        { id: 'wait_week', kind: 'wait', delay: { days: 7 } },
        { id: 'still_deciding', kind: 'branch', condition: { stage_in: ['action'] }, then: 'follow_up', else: null },
        {
          id: 'follow_up',
          kind: 'task',
          title: { fi: 'Tarjous on yhä auki: kysy, mitä päätös vaatii', en: 'The offer is still open: ask what the decision needs' },
          body: {
            fi: 'Asiakas ei ole tehnyt päätöstä viikon aikana. Soita ja kysy, mitä he vielä tarvitsevat päätöksen tueksi: lisätietoa, referenssin vai tarkennetun tarjouksen.',
            en: 'The prospect has not decided within a week. Call and ask what they still need to decide: more information, a reference or a revised offer.',
          },
          due_in_days: 2,
          assignee: 'account_owner',
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'stage_reached', stage: 'new', days: 90 },
    },
  },
  {
    key: 'welcome-package',
    subjectType: 'account',
    definition: {
      name: { fi: 'Tervetulopaketti', en: 'Welcome package' },
      description: {
        fi: 'Uuden asiakkaan yhteyshenkilöille heti ensimmäisen oston jälkeen: yhteyshenkilö, käyttöönoton kulku ja tuki.',
        en: "Sent to a new customer's contacts right after the first purchase: their contact person, how onboarding goes and where to get help.",
      },
      phase: 'keep',
      placement: { stages: ['new'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'new' },
      steps: [
        {
          id: 'welcome',
          kind: 'email',
          purpose: 'service',
          template: {
            subject: { fi: 'Tervetuloa asiakkaaksemme!', en: 'Welcome aboard!' },
            body: letter([
              { fi: 'kiitos, että valitsitte meidät. Olemme iloisia yhteistyön alkamisesta!', en: "Thank you for choosing us. We're delighted to be working together!" },
              {
                fi: 'Kokosimme tähän tärkeimmät asiat alkuun pääsemiseksi:',
                en: "Here's what you need to get started:",
              },
              {
                fi: '1. Yhteyshenkilönne: {{ account.owner | default: "asiakkuustiimimme" }} auttaa teitä kaikissa asiakkuuteen liittyvissä asioissa.\n2. Käyttöönotto: sovimme kanssanne lähipäivinä aloituspalaverin, jossa käymme läpi tavoitteenne ja aikataulun.\n3. Tuki: vastaamme kysymyksiin arkisin. Voit vastata suoraan tähän viestiin.',
                en: '1. Your contact: {{ account.owner | default: "our customer team" }} will help you with anything about your account.\n2. Onboarding: in the next few days we will schedule a kick-off meeting to go through your goals and timeline.\n3. Support: we answer questions on weekdays. You can simply reply to this email.',
              },
              {
                fi: 'Hyvä alku ratkaisee paljon, joten kerrothan heti, jos jokin ei toimi odotetusti.',
                en: "A good start makes all the difference, so please tell us straight away if anything doesn't work as you expected.",
              },
            ]),
          },
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'stage_reached', stage: 'customer', days: 120 },
    },
  },
  {
    key: 'onboarding-kam-task',
    subjectType: 'account',
    definition: {
      name: { fi: 'Käyttöönottopalaveri (asiakkuusvastaava)', en: 'Onboarding kick-off (account manager)' },
      description: {
        fi: 'Asiakkuusvastaava sopii aloituspalaverin kolmen päivän sisällä. Jos asiakas on kuukauden päästä yhä uusi asiakas, hän tarkistaa, mihin käyttöönotto on jumittunut.',
        en: 'The account manager books a kick-off within three days. If the customer is still new a month later, they check where onboarding has stalled.',
      },
      phase: 'activate',
      placement: { stages: ['new'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'new' },
      steps: [
        {
          id: 'kick_off',
          kind: 'task',
          title: { fi: 'Sovi käyttöönottopalaveri uuden asiakkaan kanssa', en: 'Book an onboarding kick-off with the new customer' },
          body: {
            fi: 'Uusi asiakas on tehnyt ensimmäisen ostonsa. Sovi aloituspalaveri viikon sisällä: tavoitteet, aikataulu, vastuuhenkilöt ja se, miten edistymistä seurataan. Kirjaa sovitut tavoitteet asiakkaan tietoihin.',
            en: 'A new customer has made their first purchase. Book a kick-off within a week: goals, timeline, who is responsible and how progress will be followed. Record the agreed goals on the account.',
          },
          due_in_days: 3,
          assignee: 'account_owner',
        },
        { id: 'wait_month', kind: 'wait', delay: { days: 30 } },
        { id: 'still_new', kind: 'branch', condition: { stage_in: ['new'] }, then: 'check_progress', else: null },
        {
          id: 'check_progress',
          kind: 'task',
          title: { fi: 'Käyttöönotto on kesken: tarkista tilanne', en: 'Onboarding is unfinished: check how it is going' },
          body: {
            fi: 'Asiakas on kuukauden jälkeen yhä uusi asiakas. Tarkista, onko käyttöönotto edennyt sovitusti, ja ratkaise esteet heti. Ongelmista kannattaa puhua suoraan ennen kuin ne kasvavat.',
            en: 'A month on, the customer is still new. Check whether onboarding has gone as agreed and clear any obstacles at once. Talk about problems openly before they grow.',
          },
          due_in_days: 2,
          assignee: 'account_owner',
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'stage_reached', stage: 'customer', days: 120 },
    },
  },
  {
    key: 'thanks-for-starting',
    subjectType: 'account',
    definition: {
      name: { fi: 'Kiitos aloituksesta', en: 'Thanks for starting' },
      description: {
        fi: 'Kahden viikon kuluttua ensimmäisestä ostosta asiakkuusvastaava kiittää päättäjää ja kysyy, onko kaikki mennyt odotetusti.',
        en: 'Two weeks after the first purchase the account manager thanks the decision maker and asks whether everything has gone as expected.',
      },
      phase: 'keep',
      placement: { stages: ['new'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'new', delay: { days: 14 } },
      steps: [
        {
          id: 'thank',
          kind: 'email',
          purpose: 'service',
          to: { roles: ['decision_maker'] },
          template: {
            subject: { fi: 'Kiitos hyvästä alusta', en: 'Thank you for a great start' },
            body: letter(
              [
                {
                  fi: 'yhteistyömme on nyt jatkunut pari viikkoa, ja halusin kiittää teitä sujuvasta aloituksesta.',
                  en: "It's been a couple of weeks since we started working together, and I wanted to thank you for a smooth start.",
                },
                {
                  fi: 'Ensimmäiset viikot ovat tärkeitä, ja haluamme varmistaa, että saatte meistä irti sen, mitä tavoittelitte. Onko kaikki mennyt niin kuin odotitte? Jos jokin on jäänyt epäselväksi tai tiiminne kaipaa lisää koulutusta, vastaa tähän viestiin, niin sovitaan jatkosta.',
                  en: "The first weeks matter, and we want to make sure you're getting what you set out to achieve. Has everything gone as you expected? If anything is unclear or your team would like more training, just reply to this email and we'll arrange it.",
                },
              ],
              SIGNED_BY_OWNER,
            ),
          },
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'retained', days: 365 },
    },
  },
];
