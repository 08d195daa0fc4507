// GET /v: the page where the printed verification code is typed by hand; shown again (400) with a message
// when what was typed cannot be a code.
import type { Language } from '../messages.ts';
import { MESSAGES } from '../messages.ts';
import { type ChamberContact, ChamberContactSection } from './chamber-contact.tsx';
import { CodeForm } from './code-form.tsx';
import { Layout } from './layout.tsx';

export interface CodeFormPageProps {
  language: Language;
  chamber: ChamberContact;
  typed?: string | undefined;
  invalid?: boolean | undefined;
}

export const CodeFormPage = ({ language, chamber, typed, invalid }: CodeFormPageProps) => {
  const m = MESSAGES[language];
  return (
    <Layout language={language} title={m.labels.formTitle}>
      <CodeForm m={m} language={language} heading="h1" invalid={invalid} typed={typed} />
      <ChamberContactSection chamber={chamber} m={m} language={language} />
      <footer>{m.labels.privacy}</footer>
    </Layout>
  );
};
