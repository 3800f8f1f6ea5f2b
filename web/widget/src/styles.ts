/**
 * The widget's CSS, inside its shadow root: host-page selectors cannot reach in, and `:host` resets what
 * would otherwise be inherited from the page (font, colour, spacing...). Colours meet WCAG AA contrast.
 * --vl/--vt/--vw/--vh/--vr/--vb place it in the visual viewport (set by ui.ts): on a phone, a host page wider
 * than the screen widens the layout viewport, and plain `position: fixed` would put it off-screen.
 */
export const CSS = `
:host{all:initial!important;display:block!important}
*,*::before,*::after{box-sizing:border-box}
.fc{font:400 15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2937;
letter-spacing:normal;word-spacing:normal;text-transform:none;text-align:left;text-indent:0;text-shadow:none;
font-style:normal;white-space:normal;direction:ltr;visibility:visible;cursor:auto}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,input,textarea{font:inherit;color:inherit;letter-spacing:inherit;margin:0}
button{cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;
border:0;border-radius:999px;padding:12px 18px;background:#1d4ed8;color:#fff;font-weight:600;
box-shadow:0 6px 20px rgba(0,0,0,.25)}
.launcher:hover{background:#1e40af}
.launcher svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2}
.panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;width:400px;max-width:calc(100vw - 40px);
height:600px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;color:#1f2937;
border:1px solid #d1d5db;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden}
.panel[hidden]{display:none}
.head{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#1d4ed8;color:#fff}
.head h2{margin:0;font-size:17px;font-weight:700;color:#fff}
.close{border:0;background:transparent;color:#fff;font-size:24px;line-height:1;padding:2px 8px;border-radius:6px}
.tabs{display:flex;border-bottom:1px solid #e5e7eb}
.tab{flex:1;border:0;background:#fff;padding:10px;font-weight:600;color:#4b5563;border-bottom:3px solid transparent}
.tab[aria-selected=true]{color:#1d4ed8;border-bottom-color:#1d4ed8}
.pane{flex:1;display:flex;flex-direction:column;min-height:0;padding:12px 14px;gap:8px}
.pane[hidden]{display:none}
label{font-weight:600;font-size:14px}
.row{display:flex;gap:8px}
.row input,.row textarea{flex:1;min-width:0;border:1px solid #6b7280;border-radius:8px;padding:9px 10px;background:#fff;
font-size:16px;resize:none}
.go{border:0;border-radius:8px;padding:9px 14px;background:#1d4ed8;color:#fff;font-weight:600}
.go:disabled{background:#6b7280;cursor:default}
.status{margin:0;font-size:14px;color:#374151;min-height:1.2em}
.alert{margin:0;padding:8px 10px;border-radius:8px;background:#fef2f2;color:#991b1b;border:1px solid #fecaca;font-size:14px}
.alert[hidden]{display:none}
.chips{display:flex;flex-wrap:wrap;gap:6px;list-style:none;margin:0;padding:0}
.chip{background:#eff6ff;color:#1e3a8a;border:1px solid #bfdbfe;border-radius:999px;padding:2px 10px;font-size:13px}
.scroll{flex:1;overflow:auto;min-height:0}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.card{border:1px solid #e5e7eb;border-radius:10px;background:#fff}
.card a,.card .body{display:flex;gap:10px;padding:8px;color:#1f2937;text-decoration:none;border-radius:10px}
.card a:hover{background:#f9fafb}
.card img{width:84px;height:60px;object-fit:cover;border-radius:6px;background:#e5e7eb;flex:none}
.card .title{display:block;font-weight:600;color:#1d4ed8}
.card .facts{display:block;font-size:14px;color:#374151}
.log{display:flex;flex-direction:column;gap:10px}
.msg{border-radius:10px;padding:8px 10px;max-width:92%}
.msg p{margin:0}
.user{align-self:flex-end;background:#1d4ed8;color:#fff}
.bot{align-self:flex-start;background:#f3f4f6;color:#1f2937;display:grid;gap:8px}
.note{font-size:13px;color:#4b5563}
.hint{font-size:13px;color:#4b5563;margin:0}
.launcher{right:calc(var(--vr,0px) + 20px);bottom:calc(var(--vb,0px) + 20px)}
.panel{right:calc(var(--vr,0px) + 20px);bottom:calc(var(--vb,0px) + 84px)}
.fc[data-narrow] .panel{left:var(--vl,0px);top:var(--vt,0px);right:auto;bottom:auto;width:var(--vw,100vw);
max-width:none;height:var(--vh,100vh);max-height:none;border-radius:0;border:0}
.fc[data-narrow] .launcher{right:calc(var(--vr,0px) + 12px);bottom:calc(var(--vb,0px) + 12px)}
@media (prefers-reduced-motion:no-preference){.launcher{transition:background .15s}}
`;
