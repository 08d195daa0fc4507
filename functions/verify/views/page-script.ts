// The verification page's only script (inline, allowed by its hash in the CSP). It checks the QR seal from the
// URL fragment with WebCrypto against the published keys and the record's expected claims, and checks a dropped
// PDF by sending only its SHA-256, saying so when the file is another certificate than the page's.
// Plain ES2020, no dependencies, a few kilobytes.
import { createHash } from 'node:crypto';

export const PAGE_SCRIPT = `(() => {
const data = JSON.parse(document.getElementById('tc-data').textContent);
const t = data.t;
const b64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)), (c) => c.charCodeAt(0));
const text = (b) => new TextDecoder().decode(b);
const canon = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
const banner = document.getElementById('status');
const show = (status) => {
  const o = t.outcomes[status];
  banner.dataset.status = status;
  banner.style.background = t.colours[status];
  banner.querySelector('.icon').textContent = t.icons[status];
  banner.querySelector('h1').textContent = o.headline;
  banner.querySelector('p').textContent = o.advice;
};
document.querySelectorAll('[data-lang]').forEach((a) => a.addEventListener('click', () => { a.href = a.getAttribute('href') + location.hash; }));
const checkSeal = async (jws) => {
  if (!data.expected || !crypto.subtle) return;
  try {
    const [h, p, s, extra] = jws.split('.');
    if (!s || extra !== undefined) return show('TAMPERED');
    const header = JSON.parse(text(b64(h)));
    const jwk = data.keys.find((k) => k.kid === header.kid);
    if (header.alg !== 'ES256' || (header.typ !== undefined && header.typ !== 'tc-seal+jwt')) return show('TAMPERED');
    if (!jwk) return show('UNKNOWN_KEY');
    const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, b64(s), new TextEncoder().encode(h + '.' + p));
    if (!ok) return show('TAMPERED');
    if (header.kid !== data.expected.kid || canon(JSON.parse(text(b64(p)))) !== canon(data.expected.claims)) return show('TAMPERED');
    document.getElementById('seal').hidden = false;
  } catch (e) { show('TAMPERED'); }
};
const fragment = decodeURIComponent(location.hash.slice(1));
if (fragment && data.lookUpSeal) return location.replace(location.pathname + '?lang=' + data.language + '&jws=' + encodeURIComponent(fragment));
if (fragment) checkSeal(fragment);
const result = document.getElementById('file-result');
const checkFile = async (file) => {
  result.textContent = t.labels.fileChecking;
  result.dataset.result = 'checking';
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  let answer;
  try {
    const response = await fetch('/api/verify/hash', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sha256 }) });
    if (response.status >= 500 || response.status === 429) throw new Error('unavailable');
    answer = await response.json();
  } catch (e) {
    result.dataset.result = 'OFFLINE';
    result.textContent = t.outcomes.OFFLINE.headline + ' — ' + t.outcomes.OFFLINE.advice;
    return;
  }
  const other = answer.certificate && data.serial && answer.certificate.serial !== data.serial ? answer.certificate : null;
  if (other) {
    result.dataset.result = 'OTHER';
    result.textContent = t.labels.fileOther.replace('{file}', other.serial).replace('{page}', data.serial);
    const link = document.createElement('a');
    link.href = '/v/' + encodeURIComponent(other.code) + '?lang=' + data.language;
    link.textContent = t.labels.fileOpenOther.replace('{file}', other.serial);
    result.append(link);
    return;
  }
  result.dataset.result = answer.status;
  result.textContent = answer.status === 'NOT_FOUND' ? t.labels.fileNoMatch
    : t.labels.fileMatches + ' ' + answer.certificate.serial + ' — ' + t.outcomes[answer.status].headline;
  if (answer.file && !answer.file.latest) result.textContent += ' ' + t.labels.earlierArchiveVersion.replace('{version}', answer.file.version).replace('{versions}', answer.file.versions);
};
const input = document.getElementById('file');
input.addEventListener('change', () => input.files[0] && checkFile(input.files[0]));
const zone = document.getElementById('drop');
zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); if (e.dataTransfer.files[0]) checkFile(e.dataTransfer.files[0]); });
})();`;

export const PAGE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}'`;
