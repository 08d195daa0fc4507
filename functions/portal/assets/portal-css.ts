// The portal's one stylesheet: a short one of our own, served from /portal/assets/ (the CSP allows 'self').
// Narrow first (360 px phones), two or more columns where there is room; readable printouts. Names and
// descriptions wrap anywhere (hyphenated where the browser knows the language): a German compound such as
// "Donaudampfschifffahrtsgesellschaft" must not push a 360 px page sideways.
export const PORTAL_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f1f1f;background:#f4f5f7}
a{color:#17457a}a:hover{color:#0d2c52}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}.skip:focus{left:.5rem}
header.top{background:#12365f;color:#fff}
header.top .bar{max-width:72rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;overflow-wrap:anywhere}
header.top a{color:#fff}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none;margin-right:auto}
.brand .chamber{font-weight:400;font-size:.9rem;opacity:.85}
@media (max-width:720px){.brand .chamber{display:none}}
.who{font-size:.85rem;opacity:.95}
nav.main ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .9rem}
nav.main a{text-decoration:none;padding:.3rem 0;display:inline-block;border-bottom:3px solid transparent}
nav.main a[aria-current]{border-bottom-color:#ffd166;font-weight:600}
nav.lang{display:flex;gap:.6rem;font-size:.9rem}nav.lang a[aria-current]{font-weight:700;text-decoration:none}
.inline{display:inline}
header.top button.link{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;padding:.3rem 0;cursor:pointer;min-height:0}
main{max-width:72rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere;hyphens:auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem;line-height:1.25}
h2{font-size:1.15rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:0 0 .5rem}
section.card,fieldset.card,form.card,figure.card{background:#fff;border:1px solid #d6d9de;border-radius:10px;padding:1rem;margin:0 0 1rem}
fieldset{border:0;padding:0;margin:0;min-width:0}
legend{font-weight:700;font-size:1.05rem;padding:0}
fieldset.card>legend{float:left;width:100%;margin-bottom:.75rem}
fieldset.card>legend+*{clear:both}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,15rem),1fr));gap:.75rem 1rem}
.grid.tight{grid-template-columns:repeat(auto-fit,minmax(min(100%,9.5rem),1fr))}
.span-all{grid-column:1/-1}
.field label,.field .label{display:block;font-weight:600;margin-bottom:.2rem}
.field .hint{display:block;color:#4a4f57;font-size:.85rem;font-weight:400}
input,select,textarea{font:inherit;color:inherit;width:100%;min-height:2.75rem;padding:.45rem .6rem;border:1px solid #6b7280;border-radius:6px;background:#fff}
input[type=checkbox]{width:1.3rem;height:1.3rem;min-height:0;vertical-align:middle;margin:0 .5rem 0 0}
input[type=file]{padding:.35rem;border-style:dashed}
textarea{min-height:5rem;resize:vertical}
[aria-invalid=true]{border:2px solid #b3261e;background:#fff8f7}
.error-text{color:#b3261e;font-weight:600;font-size:.9rem;margin:.2rem 0 0;display:block}
.error-text::before{content:"⚠ "}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
button,.button{display:inline-flex;align-items:center;justify-content:center;gap:.4rem;min-height:2.75rem;padding:.5rem 1rem;border-radius:6px;border:1px solid #17457a;background:#17457a;color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button:hover,.button:hover{background:#0d2c52;color:#fff}
button,.button,label,th,td::before{overflow-wrap:normal;hyphens:manual}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
button.secondary,.button.secondary{background:#fff;color:#17457a}
button.secondary:hover,.button.secondary:hover{background:#eef3f9;color:#0d2c52}
button.danger{background:#b3261e;border-color:#b3261e}button.danger:hover{background:#8c1d17}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:1rem}
.line{border:1px solid #c9ced6;border-radius:8px;padding:.75rem;margin:0 0 .75rem;background:#fafbfc}
.line>legend{font-size:1rem;float:left;width:100%;margin-bottom:.5rem}
.line>legend+*{clear:both}
.line .remove{margin-top:.75rem}
.summary{border:2px solid #b3261e;border-left-width:8px;background:#fdecea;border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.summary h2{color:#8c1d17;margin:0 0 .4rem}.summary ul{margin:0;padding-left:1.2rem}.summary a{color:#8c1d17;font-weight:600}
.flash{border-left:8px solid #0a6e2f;background:#e7f5ec;border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.note{border-left:6px solid #17457a;background:#eef3f9;border-radius:8px;padding:.6rem .9rem;margin:0 0 1rem}
.comment{border-left:8px solid #8a5100;background:#fff4e0;border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.comment p{margin:.25rem 0 0;white-space:pre-wrap}
.secret{font-family:ui-monospace,Menlo,Consolas,monospace;background:#1f1f1f;color:#fff;padding:.6rem;border-radius:6px;overflow-wrap:anywhere;display:block}
.badge{display:inline-block;border-radius:999px;padding:.1rem .6rem;font-size:.85rem;font-weight:700;color:#fff;background:#4b5563;white-space:nowrap}
.badge[data-status=SUBMITTED]{background:#17457a}.badge[data-status=CHANGES_REQUESTED]{background:#8a5100}
.badge[data-status=REJECTED],.badge[data-status=REVOKED]{background:#b3261e}.badge[data-status=ISSUING]{background:#5b3b8c}
.badge[data-status=ISSUED]{background:#0a6e2f}.badge[data-status=SUPERSEDED]{background:#6b4f00}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.5rem;overflow-wrap:anywhere;hyphens:auto;border-bottom:1px solid #e1e4e8;vertical-align:top}
th{font-size:.85rem;color:#3d4249;text-transform:uppercase;letter-spacing:.02em}
.num{text-align:right;font-variant-numeric:tabular-nums}
dl.facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{color:#4a4f57}dl.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
ol.timeline{list-style:none;margin:0;padding:0;border-left:3px solid #c9ced6}
ol.timeline li{position:relative;padding:0 0 .9rem 1rem}
ol.timeline li::before{content:"";position:absolute;left:-.5rem;top:.35rem;width:.7rem;height:.7rem;border-radius:50%;background:#17457a}
ol.timeline time{display:block;color:#4a4f57;font-size:.85rem}
ul.files{list-style:none;margin:0 0 1rem;padding:0}
ul.files li{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 0;border-bottom:1px solid #e1e4e8}
ul.files .name{font-weight:600;overflow-wrap:anywhere;flex:1 1 12rem}
progress{width:100%;height:1rem}
.upload-status{min-height:1.5rem;font-weight:600}
.preview{width:100%;height:75vh;min-height:24rem;border:1px solid #c9ced6;border-radius:8px;background:#fff}
.preview.image{height:auto;min-height:0;max-height:75vh;object-fit:contain}
.layout-2{display:grid;gap:1rem}
@media (min-width:64rem){.layout-2{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
.filters .field{flex:1 1 10rem}
.muted{color:#4a4f57}
figure{margin:0}
.table-wrap{overflow-x:auto;max-width:100%}
section.mt,fieldset.mt,form.mt,div.mt,.mt{margin-top:1rem}
@media (max-width:40rem){
 table.stack thead{position:absolute;left:-9999px}
 table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
 table.stack tr{border:1px solid #d6d9de;border-radius:8px;margin:0 0 .75rem;padding:.4rem .6rem;background:#fff}
 table.stack td{border:0;padding:.2rem 0;display:grid;grid-template-columns:minmax(min-content,7.5rem) minmax(0,1fr);gap:.5rem}
 table.stack td.actions-cell{display:block;padding-top:.5rem}
 table.stack td.actions-cell::before{content:none}
 dl.facts{grid-template-columns:1fr;gap:0}
 dl.facts dd{margin-bottom:.5rem}
 table.stack td::before{content:attr(data-label);font-weight:600;color:#4a4f57}
 table.stack td.num{text-align:left}
 h1{font-size:1.3rem}
}
@media print{
 header.top,nav,.actions,form.no-print,.no-print,button{display:none!important}
 body{background:#fff}main{max-width:none;padding:0}
 section.card,fieldset.card,form.card,figure.card{border:1px solid #999;break-inside:avoid}
 a{color:inherit;text-decoration:none}
 .badge{color:#000;background:#fff!important;border:1px solid #000}
}
table#chambers th,table#chambers td>code{overflow-wrap:normal;hyphens:manual}
`;
