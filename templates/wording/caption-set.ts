// One language's words on the forms: the phrases both certificate types use, and each type's captions.
// The keys are the English set's (templates/wording.ts); test/unit/template-build.test.ts checks every
// language has exactly those.
export type Wording = Record<string, string>;

export interface CaptionSet {
  common: Wording;
  co: Wording;
  eur1: Wording;
}
