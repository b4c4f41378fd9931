import type { DemoRandom } from './demo-random.js';

/** Where a person's name comes from; decides the name lists and the contact's locale. */
export type NameOrigin = 'finnish' | 'swedish' | 'estonian' | 'norwegian' | 'danish' | 'international';

interface NameList {
  first: readonly string[];
  last: readonly string[];
  locale: 'fi' | 'sv' | 'en';
}

/** Common first and last names, as the population registers of each country list them. */
export const NAMES: Record<NameOrigin, NameList> = {
  finnish: {
    first: [
      'Juha', 'Timo', 'Matti', 'Mikko', 'Kari', 'Antti', 'Jari', 'Jukka', 'Mika', 'Markku', 'Pekka', 'Janne', 'Hannu',
      'Heikki', 'Ville', 'Sami', 'Petri', 'Tuomas', 'Ari', 'Lauri', 'Jussi', 'Teemu', 'Marko', 'Tommi', 'Olli', 'Jani',
      'Eero', 'Aleksi', 'Väinö', 'Eino', 'Onni', 'Jyrki', 'Seppo', 'Esa', 'Vesa', 'Pasi', 'Harri', 'Kalle', 'Niko',
      'Tapio', 'Risto', 'Jaakko', 'Toni', 'Anne', 'Tuula', 'Päivi', 'Anna', 'Sari', 'Minna', 'Tiina', 'Marja',
      'Johanna', 'Leena', 'Laura', 'Maria', 'Kaisa', 'Satu', 'Hanna', 'Riikka', 'Sanna', 'Elina', 'Heidi', 'Pirjo',
      'Merja', 'Jaana', 'Katja', 'Mervi', 'Susanna', 'Emmi', 'Aino', 'Sini', 'Jenni', 'Säde', 'Milla', 'Noora',
      'Henna', 'Kirsi', 'Outi', 'Eeva', 'Helena', 'Annika', 'Terhi', 'Tuija', 'Katri', 'Iida', 'Kristiina', 'Pälvi',
    ],
    last: [
      'Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen',
      'Järvinen', 'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen',
      'Salonen', 'Turunen', 'Salo', 'Laitinen', 'Tuominen', 'Rantanen', 'Karjalainen', 'Jokinen', 'Mattila',
      'Savolainen', 'Lahtinen', 'Ahonen', 'Kärkkäinen', 'Hyvönen', 'Räsänen', 'Väisänen', 'Kähkönen', 'Pöllänen',
      'Ylönen', 'Hyvärinen', 'Hirvonen', 'Leinonen', 'Miettinen', 'Pitkänen', 'Anttila', 'Aaltonen', 'Manninen',
      'Laaksonen', 'Peltonen', 'Kettunen', 'Seppälä', 'Kallio', 'Oksanen', 'Mustonen', 'Ketola', 'Ruotsalainen',
      'Pesonen', 'Toivonen', 'Väänänen', 'Jääskeläinen', 'Räty', 'Kivelä', 'Ylitalo', 'Härkönen', 'Tähtinen',
    ],
    locale: 'fi',
  },
  swedish: {
    first: [
      'Erik', 'Lars', 'Anders', 'Johan', 'Karl', 'Per', 'Nils', 'Björn', 'Oskar', 'Mikael', 'Fredrik', 'Henrik', 'Gustav',
      'Axel', 'Jonas', 'Anna', 'Eva', 'Maria', 'Karin', 'Sofia', 'Ingrid', 'Elin', 'Linnea', 'Åsa', 'Malin', 'Emma',
      'Ebba', 'Klara', 'Sara', 'Maja',
    ],
    last: [
      'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson',
      'Gustafsson', 'Lindqvist', 'Lindström', 'Nordström', 'Björk', 'Åberg', 'Sjöberg', 'Holmström', 'Lundgren',
      'Bergström', 'Ekström', 'Wikström', 'Forsberg', 'Sandberg', 'Lindholm', 'Grönroos', 'Sundqvist', 'Blomqvist',
      'Öberg', 'Häggblom', 'Westerlund',
    ],
    locale: 'sv',
  },
  estonian: {
    first: [
      'Andres', 'Jaan', 'Toomas', 'Margus', 'Rein', 'Kristjan', 'Mart', 'Tõnu', 'Priit', 'Rasmus', 'Kadri', 'Liis',
      'Kersti', 'Triin', 'Maarja', 'Mari', 'Piret', 'Külli', 'Eve', 'Kätlin',
    ],
    last: [
      'Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Kukk', 'Rebane', 'Ilves', 'Pärn', 'Koppel', 'Lepik', 'Oja', 'Põder',
      'Kõiv', 'Laur', 'Lõhmus', 'Raudsepp', 'Vaher', 'Kallas', 'Jõgi',
    ],
    locale: 'en',
  },
  norwegian: {
    first: ['Ole', 'Magnus', 'Henrik', 'Sindre', 'Kristian', 'Jon', 'Ida', 'Ingrid', 'Nora', 'Silje', 'Kari', 'Hilde'],
    last: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Berg', 'Haugen', 'Bakken', 'Solberg', 'Dahl', 'Strand', 'Halvorsen'],
    locale: 'en',
  },
  danish: {
    first: ['Mads', 'Rasmus', 'Søren', 'Jens', 'Frederik', 'Mikkel', 'Mette', 'Camilla', 'Line', 'Sofie', 'Louise', 'Signe'],
    last: ['Jensen', 'Nielsen', 'Pedersen', 'Andersen', 'Christensen', 'Sørensen', 'Rasmussen', 'Madsen', 'Kristensen'],
    locale: 'en',
  },
  international: {
    first: [
      'James', 'Daniel', 'Michael', 'David', 'Thomas', 'Mohammed', 'Ahmed', 'Dmitri', 'Wei', 'Carlos', 'Lucas', 'Marco',
      'Piotr', 'Sarah', 'Emily', 'Elena', 'Olga', 'Priya', 'Ana', 'Julia', 'Fatima', 'Chiara', 'Yuki', 'Aisha',
    ],
    last: [
      'Smith', 'Brown', 'Wilson', 'Müller', 'Schmidt', 'Ivanov', 'Kovalenko', 'Nguyen', 'Ali', 'Khan', 'Garcia',
      'Rossi', 'Novak', 'Kowalski', 'Petrov', 'Chen', 'Silva', 'Fischer', "O'Brien", 'Dubois', 'Hussein', 'Patel',
    ],
    locale: 'en',
  },
};

/** Which name origins people at a company of each country have, with weights. */
const ORIGINS_BY_COUNTRY: Record<string, readonly [NameOrigin, number][]> = {
  FI: [['finnish', 84], ['swedish', 7], ['international', 9]],
  SE: [['swedish', 80], ['finnish', 8], ['international', 12]],
  EE: [['estonian', 82], ['finnish', 6], ['international', 12]],
  NO: [['norwegian', 85], ['swedish', 5], ['international', 10]],
  DK: [['danish', 85], ['swedish', 5], ['international', 10]],
};
/** Swedish-speaking Finnish towns, where more contacts are Finland-Swedes. */
const SWEDISH_SPEAKING = new Set(['Vaasa', 'Porvoo', 'Kokkola', 'Raasepori', 'Pietarsaari']);

export interface PersonName {
  first: string;
  last: string;
  locale: 'fi' | 'sv' | 'en';
  origin: NameOrigin;
}

export function pickPersonName(rnd: DemoRandom, country: string, city: string): PersonName {
  let origins = ORIGINS_BY_COUNTRY[country] ?? ORIGINS_BY_COUNTRY.FI!;
  if (country === 'FI' && SWEDISH_SPEAKING.has(city)) origins = [['finnish', 58], ['swedish', 35], ['international', 7]];
  const origin = origins[rnd.weighted(origins.map((o) => o[1]))]![0];
  const list = NAMES[origin];
  return { first: rnd.pick(list.first), last: rnd.pick(list.last), locale: list.locale, origin };
}

const FOLD: Record<string, string> = { ä: 'a', ö: 'o', å: 'a', õ: 'o', ü: 'u', é: 'e', ø: 'o', æ: 'ae', ß: 'ss' };

/** A name as it appears in e-mail addresses and domains: lower case ASCII, letters and digits only. */
export function asciiSlug(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    const folded = FOLD[ch];
    if (folded !== undefined) out += folded;
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  }
  return out;
}
