// The portal's only script, served from /portal/assets/ (the CSP allows 'self', nothing inline). Everything
// works without it; with it, goods lines are added and removed in place, documents upload with a progress
// bar, and the error summary takes the focus so that screen readers announce it. Plain ES2020.
export const PORTAL_JS = `(() => {
'use strict';
const live = document.getElementById('live');
const say = (text) => { if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 30); } };

const summary = document.querySelector('.summary');
if (summary) summary.focus();

const lines = document.getElementById('goods-lines');
const template = document.getElementById('goods-line-template');
const renumber = () => {
  if (!lines) return;
  lines.querySelectorAll('.line [data-line-number]').forEach((span, index) => { span.textContent = String(index + 1); });
};
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button') : null;
  if (!target || !lines || !template) return;
  if (target.hasAttribute('data-add-line')) {
    event.preventDefault();
    const index = Number(lines.dataset.nextIndex || lines.children.length);
    lines.dataset.nextIndex = String(index + 1);
    const html = template.innerHTML.replace(/NEWINDEX/g, String(index));
    lines.insertAdjacentHTML('beforeend', html);
    renumber();
    const added = lines.lastElementChild;
    const first = added && added.querySelector('input, select, textarea');
    if (first) first.focus();
    say(target.dataset.addedText || '');
  } else if (target.hasAttribute('data-remove-line')) {
    event.preventDefault();
    const line = target.closest('.line');
    if (!line) return;
    const next = line.nextElementSibling || line.previousElementSibling;
    line.remove();
    renumber();
    const focus = next ? next.querySelector('input, select, textarea') : document.querySelector('[data-add-line]');
    if (focus) focus.focus();
    say(target.dataset.removedText || '');
  }
});

document.querySelectorAll('form[data-upload]').forEach((form) => {
  const progress = form.querySelector('progress');
  const status = form.querySelector('.upload-status');
  const list = document.getElementById('attachment-list');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = form.querySelector('input[type=file]');
    if (!file || !file.files || file.files.length === 0) { file && file.reportValidity(); return; }
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('X-Portal-Fetch', '1');
    if (progress) { progress.hidden = false; progress.value = 0; }
    if (status) status.textContent = form.dataset.uploadingText || '';
    request.upload.addEventListener('progress', (e) => {
      if (progress && e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
    });
    const finish = (ok, text) => {
      if (progress) progress.hidden = true;
      if (status) { status.textContent = text; status.dataset.result = ok ? 'ok' : 'error'; }
      say(text);
    };
    request.addEventListener('load', () => {
      if (request.status === 201 && list) {
        const empty = list.querySelector('[data-empty]');
        if (empty) empty.remove();
        list.insertAdjacentHTML('beforeend', request.responseText);
        form.reset();
        finish(true, form.dataset.uploadedText || '');
      } else {
        finish(false, request.getResponseHeader('X-Portal-Message') ? decodeURIComponent(request.getResponseHeader('X-Portal-Message')) : (form.dataset.failedText || ''));
      }
    });
    request.addEventListener('error', () => finish(false, form.dataset.failedText || ''));
    request.send(new FormData(form));
  });
});
})();
`;
