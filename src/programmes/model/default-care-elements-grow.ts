import type { DefaultCareElement } from './default-care-elements-win.js';
import { letter, SIGNED_BY_OWNER } from './default-care-texts.js';

const CUSTOMERS = ['customer', 'loyal', 'promoter'];
const TASK = { kind: 'task', assignee: 'account_owner' } as const;

/** GROW (kasvata): keeping, up-, next- and cross-selling, critical moments and listening. */
export const GROW_ELEMENTS: DefaultCareElement[] = [
  {
    key: 'offering-introduction',
    subjectType: 'account',
    definition: {
      name: { fi: 'Koko tarjooman esittely', en: 'Introducing the whole offering' },
      description: {
        fi: 'Kaksi viikkoa perehdytyksen jälkeen päättäjät ja vaikuttajat kuulevat, mitä muuta voimme tehdä yhdessä. Talous- ja teknologiajohdolle oma versionsa.',
        en: 'Two weeks after onboarding, decision makers and influencers hear what else we can do together, with versions for finance and technology leaders.',
      },
      phase: 'crosssell',
      placement: { stages: ['customer'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'customer', delay: { days: 14 } },
      steps: [
        {
          id: 'introduce',
          kind: 'email',
          purpose: 'marketing',
          to: { roles: ['decision_maker', 'influencer'] },
          template: {
            subject: { fi: 'Näin saatte meistä enemmän irti', en: 'Getting more out of working with us' },
            body: letter([
              { fi: 'nyt kun käyttöönotto on takana, haluamme kertoa, mitä kaikkea voimme tehdä yhdessä.', en: "Now that onboarding is behind us, we'd like to show you everything we can do together." },
              {
                fi: 'Moni asiakkaamme aloittaa yhdestä palvelusta ja laajentaa sitä mukaa, kun tarpeet kasvavat. Tyypillisiä seuraavia askelia ovat lisäpalvelut, jotka täydentävät nykyistä ratkaisuanne, sekä koulutukset, joilla koko tiimi pääsee vauhtiin.',
                en: 'Many of our customers start with one service and grow as their needs grow. Typical next steps are add-on services that complement what you already have, and training that gets the whole team up to speed.',
              },
              {
                fi: 'Emme halua myydä mitään, mitä ette tarvitse. Jos jokin näistä kuulostaa ajankohtaiselta, vastaa tähän viestiin, niin katsotaan yhdessä, mikä teille sopisi.',
                en: "We don't want to sell you anything you don't need. If any of this sounds timely, reply to this email and we'll work out together what would suit you.",
              },
            ]),
            personas: {
              finance_leader: {
                body: letter([
                  { fi: 'nyt kun käyttöönotto on takana, haluamme kertoa, mitä yhteistyö voi tuottaa teille jatkossa.', en: "Now that onboarding is behind us, we'd like to show you what our work together can return from here." },
                  {
                    fi: 'Asiakkaamme mittaavat hyötyä yleensä säästyneenä työaikana, nopeampana raportointina ja ennustettavina kustannuksina. Sovitaanko puolen tunnin läpikäynti, jossa lasketaan yhdessä, mitä laajempi käyttö tarkoittaisi teidän luvuissanne?',
                    en: 'Our customers usually measure the benefit in time saved, faster reporting and predictable costs. Shall we book half an hour to work out together what wider use would mean in your own figures?',
                  },
                  { fi: 'Vastaa tähän viestiin, niin ehdotamme aikaa.', en: "Reply to this email and we'll suggest a time." },
                ]),
              },
              technology_leader: {
                body: letter([
                  { fi: 'nyt kun käyttöönotto on takana, haluamme kertoa, miten ratkaisumme liittyy muuhun ympäristöönne.', en: "Now that onboarding is behind us, we'd like to show you how our solution fits the rest of your environment." },
                  {
                    fi: 'Käymme mielellämme läpi integraatiot, rajapinnat, tietoturvan ja ylläpidon. Moni asiakkaamme on säästänyt aikaa kytkemällä järjestelmät yhteen heti alussa. Sovitaanko tekninen katselmointi asiantuntijamme kanssa?',
                    en: 'We are happy to go through integrations, APIs, security and maintenance. Many of our customers have saved time by connecting their systems early on. Shall we book a technical review with one of our specialists?',
                  },
                  { fi: 'Vastaa tähän viestiin, niin ehdotamme aikaa.', en: "Reply to this email and we'll suggest a time." },
                ]),
              },
            },
          },
        },
      ],
      holdout_percent: 10,
      outcome: { kind: 'repeat_purchase', days: 180 },
    },
  },
  {
    key: 'satisfaction-check',
    subjectType: 'account',
    definition: {
      name: { fi: 'Tyytyväisyyskysely (NPS)', en: 'Satisfaction check (NPS)' },
      description: {
        fi: 'Kuukausi perehdytyksen jälkeen ja sen jälkeen puolen vuoden välein käyttäjät ja päättäjät saavat yhden kysymyksen NPS-kyselyn.',
        en: 'A month after onboarding, and then every six months, users and decision makers get a one-question NPS survey.',
      },
      phase: 'keep',
      placement: { stages: CUSTOMERS, segments: [] },
      trigger: { kind: 'stage_entered', stage: 'customer', delay: { days: 30 } },
      steps: [
        {
          id: 'nps',
          kind: 'survey',
          survey: 'nps',
          to: { roles: ['decision_maker', 'user', 'champion'] },
          template: {
            subject: { fi: 'Kuinka todennäköisesti suosittelisit meitä?', en: 'How likely are you to recommend us?' },
            body: letter([
              { fi: 'olemme tehneet yhteistyötä jo jonkin aikaa, ja haluaisimme kuulla, miten olemme onnistuneet.', en: "We've been working together for a while now, and we'd like to hear how we're doing." },
              { fi: 'Vastaaminen vie alle minuutin: yksi kysymys asteikolla 0–10 ja halutessasi lyhyt perustelu.', en: 'It takes less than a minute: one question on a scale of 0 to 10 and, if you like, a few words on why.' },
              { fi: '{{ survey_url }}', en: '{{ survey_url }}' },
              {
                fi: 'Luemme jokaisen vastauksen itse. Jos jokin ei ole kunnossa, otamme yhteyttä ja kerromme, mitä asialle teimme. Kiitos ajastasi!',
                en: "We read every answer ourselves. If something isn't right, we'll get in touch and tell you what we did about it. Thank you for your time!",
              },
            ]),
          },
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'retained', days: 365 },
      reentry: { kind: 'after_days', days: 180 },
    },
  },
  {
    key: 'critical-moment-detractor',
    subjectType: 'account',
    definition: {
      name: { fi: 'Kriittinen hetki: NPS 0–6', en: 'Critical moment: NPS 0-6' },
      description: {
        fi: 'Kun yhteyshenkilö antaa NPS-arvion 0–6, asiakkuusvastaava saa tehtävän soittaa kahden päivän sisällä.',
        en: 'When a contact gives an NPS score of 0-6, the account manager is given a task to call within two days.',
      },
      phase: 'keep',
      placement: { stages: [], segments: [] },
      trigger: { kind: 'event', event: 'NPS Answered', where: [{ property: 'score', op: 'in', value: [0, 1, 2, 3, 4, 5, 6] }], max_age_days: 3 },
      steps: [
        {
          id: 'call',
          ...TASK,
          title: { fi: 'Kriittinen hetki: asiakas antoi NPS-arvion 0–6', en: 'Critical moment: the customer gave an NPS score of 0-6' },
          body: {
            fi: 'Asiakkaan yhteyshenkilö vastasi NPS-kyselyyn arvosanalla 0–6. Soita kahden päivän sisällä: kuuntele, mikä ei ole toiminut, sovi korjaavat toimet ja kerro asiakkaalle, mitä teette. Kirjaa puhelun tulos tehtävän muistiinpanoon.',
            en: "A contact at the customer answered the NPS survey with a score of 0-6. Call within two days: listen to what hasn't worked, agree on how to put it right and tell the customer what you will do. Record the outcome in the task's note.",
          },
          due_in_days: 2,
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'retained', days: 180 },
      reentry: { kind: 'after_days', days: 14 },
    },
  },
  {
    key: 'newsletter-invitation',
    subjectType: 'account',
    definition: {
      name: { fi: 'Asiakaskirjeen tilaus', en: 'Customer newsletter invitation' },
      description: {
        fi: 'Puolentoista kuukauden kuluttua käyttäjät ja vaikuttajat kutsutaan asiakaskirjeen tilaajiksi.',
        en: 'After six weeks users and influencers are invited to subscribe to the customer newsletter.',
      },
      phase: 'nextsell',
      placement: { stages: CUSTOMERS, segments: [] },
      trigger: { kind: 'stage_entered', stage: 'customer', delay: { days: 45 } },
      steps: [
        {
          id: 'invite',
          kind: 'email',
          purpose: 'marketing',
          to: { roles: ['user', 'champion', 'influencer'] },
          template: {
            subject: { fi: 'Haluatko asiakaskirjeemme?', en: 'Would you like our customer newsletter?' },
            body: letter([
              {
                fi: 'lähetämme asiakkaillemme kerran kuukaudessa asiakaskirjeen, jossa kerromme uutuuksista, käytännön vinkeistä ja tulevista tapahtumista. Ei mainostulvaa, vain asiaa, josta on hyötyä arjessa.',
                en: "Once a month we send our customers a newsletter with what's new, practical tips and upcoming events. No flood of advertising, just things that help in everyday work.",
              },
              {
                fi: 'Jos haluat asiakaskirjeen jatkossa, vastaa tähän viestiin sanalla "kyllä", niin lisäämme sinut jakeluun. Voit perua tilauksen milloin tahansa.',
                en: 'If you would like to receive it, reply "yes" to this email and we\'ll add you to the list. You can unsubscribe at any time.',
              },
            ]),
          },
        },
      ],
      holdout_percent: 10,
      outcome: { kind: 'retained', days: 365 },
    },
  },
  {
    key: 'virtual-annual-review',
    subjectType: 'account',
    definition: {
      name: { fi: 'Virtuaalinen vuosihuolto', en: 'Virtual annual review' },
      description: {
        fi: 'Asiakkuuden vuosipäivänä asiakkuusvastaava saa tehtävän sopia vuosikatsauksen, ja päättäjä saa kutsun.',
        en: "On the anniversary of the relationship the account manager is asked to book an annual review, and the decision maker is invited.",
      },
      phase: 'upsell',
      placement: { stages: CUSTOMERS, segments: [] },
      trigger: { kind: 'anniversary', of: 'first_order', hour: 9 },
      steps: [
        {
          id: 'prepare',
          ...TASK,
          title: { fi: 'Virtuaalinen vuosihuolto: sovi vuosikatsaus', en: 'Virtual annual review: book the review meeting' },
          body: {
            fi: 'Asiakkuus täyttää taas vuoden. Sovi 45 minuutin videopalaveri: käykää läpi kulunut vuosi, saavutetut tavoitteet ja ensi vuoden suunnitelmat. Valmistele lyhyt yhteenveto käytöstä ja ostoista.',
            en: 'The relationship turns another year older. Book a 45-minute video meeting to go through the past year, the goals reached and plans for next year. Prepare a short summary of usage and purchases.',
          },
          due_in_days: 14,
        },
        {
          id: 'invite',
          kind: 'email',
          purpose: 'service',
          to: { roles: ['decision_maker'] },
          template: {
            subject: { fi: 'Vuosi yhdessä – katsotaanko, miten on mennyt?', en: "Another year together: shall we look at how it's gone?" },
            body: letter(
              [
                {
                  fi: 'asiakkuutemme täyttää taas vuoden, kiitos siitä! Haluaisimme käydä kanssanne läpi kuluneen vuoden: mikä on toiminut, missä voisimme parantaa ja mitä ensi vuodelle on tulossa.',
                  en: "We've now worked together for another year, thank you! We'd like to go through the past year with you: what has worked, where we could do better and what's coming next year.",
                },
                {
                  fi: 'Ehdotamme 45 minuutin videopalaveria. Otan yhteyttä lähipäivinä ja sovitaan aika, tai voit vastata tähän viestiin ja ehdottaa itsellesi sopivaa ajankohtaa.',
                  en: "We suggest a 45-minute video call. I'll be in touch in the next few days to find a time, or you can reply to this email with a time that suits you.",
                },
              ],
              SIGNED_BY_OWNER,
            ),
          },
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'repeat_purchase', days: 120 },
    },
  },
  {
    key: 'renewal-prep',
    subjectType: 'account',
    definition: {
      name: { fi: 'Sopimuksen uusimisen valmistelu', en: 'Contract renewal preparation' },
      description: {
        fi: 'Kaksi kuukautta ennen sopimuksen uusiutumista (ominaisuus contract_renewal) asiakkuusvastaava valmistelee uusimisen, ja kaksi viikkoa myöhemmin päättäjä saa kutsun keskusteluun.',
        en: 'Two months before the contract renews (trait contract_renewal) the account manager prepares the renewal, and two weeks later the decision maker is invited to talk it over.',
      },
      phase: 'keep',
      placement: { stages: ['new', ...CUSTOMERS], segments: [] },
      trigger: { kind: 'date_trait', trait: 'contract_renewal', offset_days: -60, hour: 8 },
      steps: [
        {
          id: 'prepare',
          ...TASK,
          title: { fi: 'Valmistele sopimuksen uusiminen', en: 'Prepare the contract renewal' },
          body: {
            fi: 'Asiakkaan sopimus uusiutuu noin kahden kuukauden kuluttua. Käy läpi käyttö, tukipyynnöt ja tyytyväisyys, ja sovi tapaaminen hyvissä ajoin ennen uusimista. Mieti valmiiksi, mitä uutta voisitte tarjota.',
            en: "The customer's contract renews in about two months. Review usage, support requests and satisfaction, and book a meeting well before the renewal. Think ahead about what new you could offer.",
          },
          due_in_days: 14,
        },
        { id: 'wait', kind: 'wait', delay: { days: 14 } },
        {
          id: 'invite',
          kind: 'email',
          purpose: 'service',
          to: { roles: ['decision_maker'] },
          template: {
            subject: { fi: 'Sopimuksenne uusiutuu pian', en: 'Your contract renews soon' },
            body: letter(
              [
                {
                  fi: 'sopimuksenne uusiutuu noin puolentoista kuukauden kuluttua. Haluamme varmistaa, että se vastaa yhä tarpeitanne.',
                  en: 'Your contract renews in about six weeks, and we want to make sure it still fits your needs.',
                },
                {
                  fi: 'Käydäänkö yhdessä läpi, mitä olette saaneet aikaan ja mitä seuraavalta kaudelta toivotte? Vastaa tähän viestiin, niin sovitaan aika.',
                  en: "Shall we go through together what you've achieved and what you hope for from the next term? Reply to this email and we'll find a time.",
                },
              ],
              SIGNED_BY_OWNER,
            ),
          },
        },
      ],
      holdout_percent: 0,
      outcome: { kind: 'retained', days: 180 },
    },
  },
  {
    key: 'loyal-recognition',
    subjectType: 'account',
    definition: {
      name: { fi: 'Kanta-asiakkuuden huomioiminen', en: 'Recognising a loyal customer' },
      description: {
        fi: 'Kun asiakkaasta tulee kanta-asiakas, päättäjä saa kiitoksen ja asiakkuusvastaava tehtävän soittaa.',
        en: 'When a customer becomes loyal, the decision maker is thanked and the account manager is asked to call.',
      },
      phase: 'nextsell',
      placement: { stages: ['loyal'], segments: [] },
      trigger: { kind: 'stage_entered', stage: 'loyal' },
      steps: [
        {
          id: 'thank',
          kind: 'email',
          purpose: 'service',
          to: { roles: ['decision_maker'] },
          template: {
            subject: { fi: 'Kiitos luottamuksestanne', en: 'Thank you for your trust' },
            body: letter(
              [
                { fi: 'olette olleet asiakkaanamme jo pitkään, eikä se ole itsestäänselvyys. Kiitos luottamuksestanne!', en: "You've been with us for a long time now, and we don't take that for granted. Thank you for your trust!" },
                {
                  fi: 'Kanta-asiakkaana kuulette uutuuksistamme ensimmäisten joukossa. Kuulemme myös mielellämme, mitä meidän kannattaisi kehittää seuraavaksi: vastaa tähän viestiin, jos jokin asia on mielessäsi.',
                  en: "As a loyal customer you'll be among the first to hear what's new. We'd also love to hear what we should improve next: just reply to this email if something is on your mind.",
                },
              ],
              SIGNED_BY_OWNER,
            ),
          },
        },
        {
          id: 'call',
          ...TASK,
          title: { fi: 'Kiitä kanta-asiakasta henkilökohtaisesti', en: 'Thank the loyal customer personally' },
          body: {
            fi: 'Asiakkaasta on tullut kanta-asiakas. Soita ja kiitä, ja kysy samalla, mitä he toivovat yhteistyöltä seuraavaksi. Kirjaa ideat ylös.',
            en: 'The customer has become a loyal customer. Call to thank them and ask what they hope for from working together next. Write down their ideas.',
          },
          due_in_days: 7,
        },
      ],
      holdout_percent: 10,
      outcome: { kind: 'repeat_purchase', days: 180 },
    },
  },
];
