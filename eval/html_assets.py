"""The HTML report's inline style sheet and script (:mod:`hoinghi.eval.html_report` puts
them in the page; the Content-Security-Policy allows that script by its hash)."""
from __future__ import annotations

__all__ = ["CSS", "JS"]

#: The page's style sheet (inlined in a <style> element).
CSS = """
td,th,.seg{unicode-bidi:isolate}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1d3557;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header .sig{font:12px ui-monospace,monospace;opacity:.85;word-break:break-all}
main{padding:8px 20px 40px;max-width:1500px}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:14px 0}
h2{font-size:17px;margin:4px 0 10px}h3{font-size:15px;margin:12px 0 6px}
table{border-collapse:collapse;font-size:13px}th,td{padding:3px 6px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{background:#f1f3f5;position:sticky;top:0}td.n,th.n{text-align:left}tr.schema td{background:#f8f9fb;font-weight:600}tr.overall td{background:#eef2f7;font-weight:700}
td.fail{color:#b00020;font-weight:700}td.noise{color:#8a6d00}td.pass{color:#1b7f3b;font-weight:700}td.same{color:#555}
.cm td{min-width:28px;text-align:center}.cm td.z{color:#bbb}.cm th.r{text-align:left}
.filters label{margin-right:10px;white-space:nowrap;cursor:pointer}.filters .grp{margin:4px 0}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:-1px;margin-right:3px}
.doc{border-top:1px solid #ddd;padding:8px 0}.doc.hidden{display:none}
.text{white-space:pre-wrap;line-height:1.9;font-size:14.5px;background:#fcfcfc;border:1px solid #eee;padding:8px;max-height:420px;overflow:auto}
.seg{border-radius:2px}.seg.g{border-bottom:2px solid #333}.seg.p{box-shadow:inset 0 2px 0 #333}
.k-missed{background:#f7c5c5}.k-spurious{background:#ffd8b0}.k-boundary\\+label{background:#f6cde8}.k-label{background:#dccbee}
.k-boundary{background:#c6dcf2}.k-correct{background:#cfeccb}
table.errs td{white-space:normal;text-align:left;vertical-align:top}tr.hidden{display:none}
.gap{color:#999;font-style:italic}.kind{font-weight:600}.muted{color:#777}.warn{color:#8a4b00}
.legend span{margin-right:12px}
nav{font-size:13px;margin-top:6px}nav a{color:#cfe3ff;margin-right:14px;text-decoration:none}
.runs{display:flex;flex-wrap:wrap;gap:14px}.runs section{margin:14px 0 0;padding:10px 12px}
"""

# The page's only script: filters by field and error kind; state in location.hash
# ("#kinds=missed,spurious&fields=PERSON") so a filtered view can be linked.
#: The filters' script; ``%s`` takes the outcome kinds in precedence order (JSON).
JS = """
(function(){
var PRI=%s;
function sel(n){return Array.prototype.slice.call(document.querySelectorAll(n));}
function checked(g){var s={};sel('input[data-'+g+']').forEach(function(c){if(c.checked)s[c.getAttribute('data-'+g)]=1;});return s;}
function apply(){
 var K=checked('kind'),F=checked('field'),C=checked('change'),shown=0;
 sel('tr.chg').forEach(function(r){var ok=C[r.getAttribute('data-change')]&&F[r.getAttribute('data-field')];
  r.className='chg'+(ok?'':' hidden');});
 sel('.seg').forEach(function(s){
  var best=null,g=false,p=false;
  s.getAttribute('data-o').split(' ').forEach(function(t){var a=t.split(':');
   if(K[a[0]]&&F[a[1]]){if(best===null||PRI.indexOf(a[0])<PRI.indexOf(best))best=a[0];if(a[2]==='g')g=true;else p=true;}});
  s.className='seg'+(best?' k-'+best+(g?' g':'')+(p?' p':''):'');});
 sel('.doc').forEach(function(d){var n=0;
  sel('#'+d.id+' tr.err').forEach(function(r){
   var ok=K[r.getAttribute('data-kind')]&&r.getAttribute('data-fields').split(' ').some(function(f){return F[f];});
   r.className='err'+(ok?'':' hidden');if(ok)n++;});
  var seg=d.querySelector('.seg[class*="k-"]');
  d.className='doc'+(n||seg?'':' hidden');if(n)shown+=n;});
 var c=document.getElementById('nshown');if(c)c.textContent=String(shown);
 var k=Object.keys(K),f=Object.keys(F),c=Object.keys(C);
 var h='kinds='+k.join(',')+'&fields='+f.join(',')+(sel('input[data-change]').length?'&changes='+c.join(','):'');
 if(location.hash.slice(1)!==h&&history.replaceState)history.replaceState(null,'','#'+h);
 document.body.setAttribute('data-filtered',h);}
function fromHash(){var h=location.hash.slice(1);if(!h)return;
 h.split('&').forEach(function(part){var kv=part.split('=');var g={kinds:'kind',fields:'field',changes:'change'}[kv[0]]||null;
  if(!g)return;var want={};(kv[1]||'').split(',').forEach(function(v){want[decodeURIComponent(v)]=1;});
  sel('input[data-'+g+']').forEach(function(c){c.checked=!!want[c.getAttribute('data-'+g)];});});}
sel('.filters input').forEach(function(c){c.addEventListener('change',apply);});
fromHash();apply();document.body.setAttribute('data-ready','1');
})();
"""
