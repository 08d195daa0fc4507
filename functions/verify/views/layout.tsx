// The frame every public page shares: one HTML response with inline CSS, the language switch, and nothing
// fetched from elsewhere (the CSP in app.tsx allows only the page script, by its hash).
import type { Child } from 'hono/jsx';
import { LANGUAGES, type Language, MESSAGES } from '../messages.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f1f1f;background:#f6f7f9}
main{max-width:42rem;margin:0 auto;padding:1rem}
nav{display:flex;flex-wrap:wrap;gap:.1rem .7rem;justify-content:flex-end;font-size:.85rem;line-height:1.3;margin-bottom:.5rem}nav a{color:#1a4f8b;padding:.25rem 0}nav a[aria-current]{font-weight:700;color:#1f1f1f;text-decoration:none}
.status{border-radius:12px;color:#fff;padding:1rem 1.25rem;display:flex;gap:.9rem;align-items:flex-start}
.status .icon{font-size:2.2rem;line-height:1;font-weight:700;min-width:2rem;text-align:center}
.status h1{margin:0;font-size:1.4rem}.status p{margin:.25rem 0 0}
section{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-top:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1.plain{font-size:1.4rem;margin:.5rem 0 0}
h2{font-size:1rem;margin:0 0 .5rem;color:#444}
dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.35rem 1rem;margin:0}dt{color:#5f6368}dd{margin:0;font-weight:600;overflow-wrap:break-word}
@media (max-width:34rem){dl{grid-template-columns:1fr;gap:0}dt{font-size:.9rem;margin-top:.55rem}dt:first-child{margin-top:0}}
ol.goods{list-style:none;margin:0;padding:0}ol.goods li{padding:.5rem 0;border-bottom:1px solid #e3e3e3}
ol.goods .what{font-weight:600}ol.goods .figures{display:flex;flex-wrap:wrap;gap:.1rem 1.25rem;color:#5f6368;font-size:.9rem;margin-top:.15rem}
ol.goods .figures b{color:#1f1f1f;white-space:nowrap}
.note{background:#eef4fb;border-left:4px solid #1a4f8b;padding:.6rem .8rem;border-radius:6px;margin-top:1rem}
#drop{display:block;border:2px dashed #9aa7b5;border-radius:10px;padding:1rem;text-align:center;cursor:pointer}#drop input{margin-top:.6rem;max-width:100%}#drop.over{background:#eef4fb}
#file-result{margin:.6rem 0 0;font-weight:600}#file-result:not(:empty){padding:.6rem .8rem;border-radius:6px;border-left:4px solid #9aa7b5;background:#f1f3f5}
#file-result[data-result=VALID]{color:#0a7a32;border-color:#0a7a32;background:#e8f5ec}
#file-result[data-result=NOT_FOUND],#file-result[data-result=REVOKED],#file-result[data-result=TAMPERED],#file-result[data-result=UNKNOWN_KEY]{color:#b3261e;border-color:#b3261e;background:#fdecea}
#file-result[data-result=SUPERSEDED]{color:#8a4f00;border-color:#8a4f00;background:#fdf1e3}
#file-result[data-result=OFFLINE]{color:#3c4a5c;border-color:#3c4a5c;background:#eef1f5}
#file-result[data-result=OTHER]{color:#5c3d00;border-color:#c98a00;background:#fff4d6}
#file-result a{display:block;margin-top:.35rem;color:#1a4f8b}
.chamber-name{font-weight:700;margin:0 0 .5rem}
form label{display:block;font-weight:600;margin-bottom:.35rem}
.code-row{display:flex;gap:.5rem;flex-wrap:wrap}
.code-row input{flex:1 1 16rem;min-width:0;font:1.15rem/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.05em;text-transform:uppercase;padding:.6rem .7rem;border:2px solid #9aa7b5;border-radius:8px}
.code-row input[aria-invalid=true]{border-color:#b3261e}
.code-row button{flex:0 0 auto;font:600 1rem system-ui,sans-serif;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1a4f8b;color:#fff;cursor:pointer}
.hint{color:#5f6368;font-size:.9rem;margin:.35rem 0 0}
.error{color:#b3261e;font-weight:600;margin:.5rem 0 0}
footer{color:#5f6368;font-size:.85rem;margin:1rem 0 2rem}code{font-size:.85em;overflow-wrap:anywhere}
a:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid #1a4f8b;outline-offset:2px}
`;

export interface LayoutProps {
  language: Language;
  title: string;
  children: Child;
  /** After the page: the data and script of the verification page. */
  after?: Child;
}

export const Layout = ({ language, title, children, after }: LayoutProps) => (
  <html lang={language}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <link rel="icon" type="image/svg+xml" href="/v/favicon.svg" />
      <title>{title}</title>
      <style dangerouslySetInnerHTML={{ __html: STYLE }} />
    </head>
    <body>
      <main>
        <nav aria-label="Language">
          {LANGUAGES.map((other) => (
            <a
              href={`?lang=${other}`}
              data-lang={other}
              hreflang={other}
              lang={other}
              aria-current={other === language ? 'true' : undefined}
            >
              {MESSAGES[other].languageName}
            </a>
          ))}
        </nav>
        {children}
      </main>
      {after}
    </body>
  </html>
);
