import type { DefaultCareElement } from './default-care-elements-win.js';
import { letter, SIGNED_BY_OWNER } from './default-care-texts.js';

/** Referrals and renewal: asking promoters for referrals, exit surveys, win-back offers. */
export const RENEW_ELEMENTS: DefaultCareElement[] = [
  {
    key: 'referral-request',
    subjectType: 'account',
    definition: {
      name: { fi: 'Suosittelupyyntö', en: 'Referral request' },
      description: {
        fi: 'Kun asiakkaasta tulee suosittelija, päättäjältä ja sisäiseltä puolestapuhujalta kysytään, tuntevatko he jonkun, jota voisimme auttaa.',
        en: 'When a customer becomes a promoter, the decision maker and the champion are asked whether they know someone we could help.',
      },
      phase: 'referrals',
      placement: { stages: ['promoter'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'promoter', delay: { days: 3 } },
      steps: [
        {
          id: 'ask',
          kind: 'email',
          purpose: 'marketing',
          to: { roles: ['decision_maker', 'champion'] },
          template: {
            subject: { fi: 'Tunnetteko jonkun, jota voisimme auttaa?', en: 'Do you know someone we could help?' },
            body: letter(
              [
                { fi: 'kiitos hyvästä palautteesta, se merkitsee meille paljon.', en: 'Thank you for your kind feedback, it means a lot to us.' },
                {
                  fi: 'Suurin osa uusista asiakkaistamme tulee suositusten kautta. Tunnetteko yrityksen, jolle yhteistyöstä kanssamme voisi olla hyötyä? Voit vastata tähän viestiin ja kertoa nimen, niin otamme yhteyttä. Mainitsemme suosittelijan vain, jos annatte siihen luvan.',
                  en: 'Most of our new customers come through recommendations. Do you know a company that could benefit from working with us? Just reply with a name and we will get in touch. We only mention who recommended us if you say so.',
                },
                {
                  fi: 'Kerromme mielellämme myös, miten voisitte toimia referenssiasiakkaanamme, jos se kiinnostaa.',
                  en: "If you're interested, we'd also be glad to tell you about becoming one of our reference customers.",
                },
              ],
              SIGNED_BY_OWNER,
            ),
          },
        },
      ],
      holdout_percent: 10,
      outcome: { kind: 'retained', days: 365 },
    },
  },
  {
    key: 'exit-survey',
    subjectType: 'account',
    definition: {
      name: { fi: 'Poistumiskysely', en: 'Exit survey' },
      description: {
        fi: 'Viikko sen jälkeen, kun asiakkaasta on tullut entinen asiakas, päättäjältä kysytään syytä lopettamiseen, ja asiakkuusvastaava soittaa.',
        en: 'A week after a customer becomes former, the decision maker is asked why they left, and the account manager calls.',
      },
      phase: 'referrals',
      placement: { stages: ['former'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'former', delay: { days: 7 } },
      steps: [
        {
          id: 'ask',
          kind: 'email',
          purpose: 'survey',
          to: { roles: ['decision_maker'] },
          template: {
            subject: { fi: 'Kiitos yhteisestä ajasta – saisimmeko palautetta?', en: 'Thank you for our time together – could we ask for feedback?' },
            body: letter(
              [
                { fi: 'yhteistyömme on päättynyt tai jäänyt tauolle, ja haluamme kiittää teitä yhteisestä ajasta.', en: 'Our work together has ended or paused, and we want to thank you for the time we shared.' },
                {
                  fi: 'Olisimme kiitollisia, jos kertoisitte, miksi päädyitte lopettamaan. Mitä olisimme voineet tehdä toisin? Jokainen vastaus auttaa meitä kehittymään, ja luemme ne kaikki.',
                  en: 'We would be grateful if you could tell us why you decided to stop. What could we have done differently? Every answer helps us improve, and we read them all.',
                },
                { fi: 'Riittää, että vastaat tähän viestiin muutamalla sanalla.', en: 'A few words in reply to this email are enough.' },
              ],
              SIGNED_BY_OWNER,
            ),
          },
        },
        {
          id: 'call',
          kind: 'task',
          assignee: 'account_owner',
          title: { fi: 'Soita lopettaneelle asiakkaalle', en: 'Call the customer who left' },
          body: {
            fi: 'Asiakas on siirtynyt entisiin asiakkaisiin. Soita päättäjälle viikon sisällä, kiitä yhteistyöstä ja kysy, mikä johti lopettamiseen. Kirjaa syy ylös: lähtöjen yhteiset tekijät löytyvät vain, jos syyt on kirjattu.',
            en: 'The customer has become a former customer. Call the decision maker within a week, thank them for working with us and ask what led them to leave. Record the reason: common causes of leaving can only be found if the reasons are written down.',
          },
          due_in_days: 7,
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'stage_reached', stage: 'new', days: 365 },
    },
  },
  {
    key: 'win-back-offer',
    subjectType: 'account',
    definition: {
      name: { fi: 'Takaisinvoittotarjous', en: 'Win-back offer' },
      description: {
        fi: 'Kaksi kuukautta lopettamisen jälkeen entiselle asiakkaalle tehdään paluu helpoksi: ei aloitusmaksua ja apu tietojen siirtoon.',
        en: 'Two months after leaving, a former customer is offered an easy way back: no start-up fee and help moving their data.',
      },
      phase: 'referrals',
      placement: { stages: ['former'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'former', delay: { days: 60 } },
      steps: [
        {
          id: 'offer',
          kind: 'email',
          purpose: 'marketing',
          to: { roles: ['decision_maker', 'influencer'] },
          template: {
            subject: { fi: 'Olisiko aika palata?', en: 'Time to come back?' },
            body: letter([
              {
                fi: 'siitä on jo tovi, kun teimme viimeksi yhteistyötä. Sillä välin meillä on tapahtunut paljon, ja olemme kehittäneet palveluamme pitkälti asiakkaidemme palautteen pohjalta.',
                en: "It's been a while since we last worked together. A lot has happened since then, and much of how we've improved our service comes from our customers' feedback.",
              },
              {
                fi: 'Haluamme tehdä paluun helpoksi: jos palaatte asiakkaaksi seuraavan kolmen kuukauden aikana, hoidamme uudelleenkäynnistyksen ilman aloitusmaksua ja autamme siirtämään tietonne.',
                en: "We'd like to make coming back easy: if you return within the next three months, we'll restart your service with no start-up fee and help you move your data.",
              },
              {
                fi: 'Kiinnostaako? Vastaa tähän viestiin, niin soitamme ja kerromme lisää. Jos aika ei ole nyt oikea, ymmärrämme senkin.',
                en: "Interested? Reply to this email and we'll call you to tell you more. If now isn't the right time, we understand.",
              },
            ]),
          },
        },
      ],
      holdout_percent: 20,
      outcome: { kind: 'stage_reached', stage: 'new', days: 180 },
    },
  },
];
