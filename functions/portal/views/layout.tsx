// The page around every portal screen: skip link, header with the role's navigation, language switch and
// log-out, a polite live region for the script's announcements, and the stylesheet and script from 'self'.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { PORTAL } from '../context.ts';
import { PORTAL_LANGUAGES, PORTAL_MESSAGES } from '../messages/index.ts';
import { ASSET_VERSION } from './asset-version.ts';
import type { View } from './view-context.ts';

const navFor = (v: View): { href: string; label: string }[] => {
  const { m, actor } = v;
  if (!actor) return [];
  if (actor.role === 'exporter')
    return [
      { href: `${PORTAL}/applications`, label: m.nav.dashboard },
      { href: `${PORTAL}/settings/api-keys`, label: m.nav.apiKeys },
      { href: `${PORTAL}/settings/webhooks`, label: m.nav.webhooks },
    ];
  // the operator belongs to no chamber: only the network's pages (docs/network.md §2)
  if (actor.role === 'operator')
    return [{ href: `${PORTAL}/network/chambers`, label: m.network.navChambers }];
  if (actor.role === 'staff')
    return [
      { href: `${PORTAL}/queue`, label: m.nav.queue },
      { href: `${PORTAL}/certificates`, label: m.nav.findCertificate },
    ];
  return [
    { href: `${PORTAL}/admin/organisations`, label: m.nav.organisations },
    { href: `${PORTAL}/admin/users`, label: m.nav.users },
    { href: `${PORTAL}/admin/keys`, label: m.nav.keys },
  ];
};

export const Layout = (props: { v: View; title: string; children?: Child }) => {
  const { v, title } = props;
  const { m, actor } = v;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={v.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} — ${m.appName}`}</title>
          <link rel="icon" type="image/svg+xml" href={`${PORTAL}/favicon.svg`} />
          <link rel="stylesheet" href={`${PORTAL}/assets/portal.css?v=${ASSET_VERSION}`} />
          <script src={`${PORTAL}/assets/portal.js?v=${ASSET_VERSION}`} defer />
        </head>
        <body>
          <a class="skip" href="#main">
            {m.skipToContent}
          </a>
          <header class="top">
            <div class="bar">
              <a class="brand" href={PORTAL}>
                {m.appName}
                {v.chamberName ? <span class="chamber"> · {v.chamberName}</span> : null}
              </a>
              {actor ? (
                <nav class="main" aria-label={m.nav.main}>
                  <ul>
                    {navFor(v).map((item) => (
                      <li>
                        <a href={item.href} aria-current={v.path.startsWith(item.href) ? 'page' : undefined}>
                          {item.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
              <nav class="lang" aria-label={m.nav.language}>
                {PORTAL_LANGUAGES.map((language) => (
                  <a
                    href={`?lang=${language}`}
                    hreflang={language}
                    lang={language}
                    aria-current={language === v.language ? 'true' : undefined}
                  >
                    {PORTAL_MESSAGES[language].languageName}
                  </a>
                ))}
              </nav>
              {actor ? (
                <>
                  <span class="who">
                    {m.nav.signedInAs}{' '}
                    {/* one's own name leads to one's account: changing the password (the bar has no room for more) */}
                    <a href={`${PORTAL}/password`} title={m.nav.changePassword}>
                      {actor.email}
                      <span class="sr-only"> — {m.nav.changePassword}</span>
                    </a>{' '}
                    ({m.roles[actor.role]})
                  </span>
                  <form class="inline" method="post" action={`${PORTAL}/logout`}>
                    <button type="submit" class="link">
                      {m.nav.logout}
                    </button>
                  </form>
                </>
              ) : null}
            </div>
          </header>
          <main id="main" tabindex={-1}>
            <h1>{title}</h1>
            {v.flash ? (
              <p class="flash" role="status">
                {v.flash}
              </p>
            ) : null}
            {props.children}
          </main>
          <div id="live" class="sr-only" aria-live="polite" />
        </body>
      </html>
    </>
  );
};
