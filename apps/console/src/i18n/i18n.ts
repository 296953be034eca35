import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { audit } from '../pages/audit/audit.i18n.ts';
import { designations } from '../pages/designations/designations.i18n.ts';
import { recipientTimeline } from '../pages/recipient-timeline/recipient-timeline.i18n.ts';
import { reports } from '../pages/reports/reports.i18n.ts';
import { rules } from '../pages/rules/rules.i18n.ts';
import { casePage } from '../pages/case/case.i18n.ts';
import { signIn } from '../pages/sign-in/sign-in.i18n.ts';
import { trainings } from '../pages/trainings/trainings.i18n.ts';
import { workQueue } from '../pages/work-queue/work-queue.i18n.ts';
import { common } from './common.i18n.ts';

/**
 * The console's languages: Japanese first, English by the toggle in the header (kept in the browser).
 * Each page's words live next to it in `<page>.i18n.ts` as `{ ja, en }` and are registered here as a
 * namespace of their own.
 */
export const NAMESPACES = {
  common,
  signIn,
  workQueue,
  trainings,
  recipientTimeline,
  designations,
  audit,
  reports,
  rules,
  casePage,
} as const;

export type Language = 'ja' | 'en';
export const LANGUAGES: readonly Language[] = ['ja', 'en'];
const STORAGE_KEY = 'zaitaku.language';

function storedLanguage(): Language {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

function resourcesOf(language: Language) {
  return Object.fromEntries(
    Object.entries(NAMESPACES).map(([namespace, words]) => [namespace, words[language]]),
  );
}

export async function startI18n(): Promise<void> {
  const language = storedLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'ja',
    defaultNS: 'common',
    ns: Object.keys(NAMESPACES),
    resources: { ja: resourcesOf('ja'), en: resourcesOf('en') },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
}

/** Switches the language of every page and remembers it in this browser. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { [K in keyof typeof NAMESPACES]: (typeof NAMESPACES)[K]['ja'] };
  }
}
