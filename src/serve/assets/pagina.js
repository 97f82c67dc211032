// clic serve's page: uploads the chosen files to this server, follows the
// check, then shows the verdict, each archive or file uploaded with its own
// notes, and the files in a table: KO files first, only the KO ones when
// something is KO (one click shows the others), a page at a time so that
// every file is reachable. The HTML report sits in a frame below, and the
// downloads are named after what was checked. Words come from the server
// (report/serve.rs), in both languages.
(function () {
  'use strict';
  var words = JSON.parse(document.getElementById('words').textContent);
  var token = document.querySelector('meta[name="clic-token"]').content;
  var lang = document.documentElement.lang === 'en' ? 'en' : 'it';
  var run = null;      // id of the last check
  var report = null;   // its JSON report (messages in the reader's words)
  var all = [];        // the table's rows, KO first
  var prefix = '';     // the start every row's name shares, shown once
  var repairable = 0;  // files the repaired archive changes
  var page = 0;        // the page of the table shown
  var PAGE = 100;      // rows a page
  var LONG = 70;       // characters past which a name may wrap
  var SEVERITY = { error: 'severity-error', warning: 'severity-warning', note: 'severity-note' };
  var NOTES = {
    archive: 'input-notes-archive', stdin: 'input-notes-stdin',
    folder: 'input-notes-folder', file: 'input-notes-file'
  };

  function $(id) { return document.getElementById(id); }
  // 20.000 / 20,000: the thousands separator of the page's language.
  function n(value) {
    var digits = String(value);
    var separator = lang === 'it' ? '.' : ',';
    var out = '';
    for (var i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) { out += separator; }
      out += digits.charAt(i);
    }
    return out;
  }
  function w(key, values) {
    var text = words[lang][key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      if (!values || !(name in values)) { return all; }
      var value = values[name];
      return typeof value === 'number' ? n(value) : String(value);
    });
  }
  function applyWords() {
    document.documentElement.lang = lang;
    var marked = document.querySelectorAll('[data-w]');
    for (var i = 0; i < marked.length; i++) {
      marked[i].textContent = w(marked[i].getAttribute('data-w'));
    }
    document.title = w('title');
    $('report').title = w('report-frame');
    $('filter-name').setAttribute('aria-label', w('filter-name'));
    if (repairable) { $('repair-text').textContent = w('repair-offer', { files: repairable }); }
  }
  function show(id, visible) { $(id).hidden = !visible; }
  function fail(message) {
    show('progress-box', false);
    $('error-box').textContent = w('error') + ': ' + message;
    show('error-box', true);
  }
  function problem(xhr) {
    try { return JSON.parse(xhr.responseText).message; } catch (e) { return w('lost'); }
  }

  // Files chosen one by one: .zip and .xml. A folder: every file, so that
  // the server notes what it skips as it does for the same files in a zip;
  // a file that is not .xml is judged by its name, so only its name is sent.
  function upload(files, folder) {
    var form = new FormData();
    var count = 0;
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      var name = f.webkitRelativePath || f.name;
      var xml = /\.xml$/i.test(f.name);
      if (folder && name.indexOf('/') > 0) {
        form.append('file', xml ? f : new Blob([]), name);
        if (xml) { count += 1; }
      } else if (xml || /\.zip$/i.test(f.name)) {
        form.append('file', f, name);
        count += 1;
      }
    }
    if (count === 0 && !folder) { fail(w('no-files')); return; }
    show('error-box', false);
    show('result', false);
    $('result').removeAttribute('data-ready');
    show('progress-box', true);
    $('progress').value = 0;
    $('progress-text').textContent = w('uploading', { percent: 0 });
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/verifica?lang=' + lang);
    xhr.setRequestHeader('X-Clic-Token', token);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        var percent = Math.round(100 * e.loaded / e.total);
        $('progress').value = percent;
        $('progress-text').textContent = w('uploading', { percent: percent });
      }
    };
    xhr.onerror = function () { fail(w('lost')); };
    xhr.onload = function () {
      if (xhr.status !== 202) { fail(problem(xhr)); return; }
      run = JSON.parse(xhr.responseText).id;
      follow(run);
    };
    xhr.send(form);
  }

  function get(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onerror = function () { fail(w('lost')); };
    xhr.onload = function () {
      if (xhr.status !== 200) { fail(problem(xhr)); return; }
      done(xhr.responseText);
    };
    xhr.send();
  }

  function follow(id) {
    get('/verifica/' + id, function (text) {
      if (id !== run) { return; }
      var state = JSON.parse(text);
      $('progress').value = state.total ? Math.round(100 * state.done / state.total) : 100;
      $('progress-text').textContent = w('checking', { done: state.done, total: state.total });
      if (state.finished) {
        $('progress-text').textContent = w('rendering');
        load(id);
      } else {
        setTimeout(function () { follow(id); }, 200);
      }
    });
  }

  function reportUrl(id, format, download) {
    return '/verifica/' + id + '/rapporto.' + format + '?lang=' + lang + (download ? '&scarica=1' : '');
  }

  // The table's data and the HTML report load side by side; the page is
  // ready (data-ready, which the tests wait for) when both have.
  var waiting = 0;
  function loaded() {
    waiting -= 1;
    if (waiting === 0) { $('result').setAttribute('data-ready', '1'); }
  }

  function load(id) {
    $('result').removeAttribute('data-ready');
    waiting = 2;
    $('report').src = reportUrl(id, 'html');
    get(reportUrl(id, 'json'), function (text) {
      if (id !== run) { return; }
      report = JSON.parse(text);
      show('progress-box', false);
      show('result', true);
      all = rows();
      // Nothing was read (an unreadable archive): the verdict says why.
      show('files-box', all.length > 0);
      var anyKo = all.some(function (r) { return r.verdict === 'KO'; });
      $('filter-ko').checked = anyKo;
      $('filter-name').value = '';
      summarize();
      inputs();
      fillCodes();
      page = 0;
      filter();
      var links = document.querySelectorAll('#downloads a');
      for (var i = 0; i < links.length; i++) {
        links[i].href = reportUrl(id, links[i].getAttribute('data-format'), true);
      }
      offerRepair(id, anyKo);
      loaded();
    });
  }

  // Something KO: the server repairs what has one right form (in memory,
  // once) and says how many files that changes; the link downloads the
  // repaired archive. Asked with the token, as an upload is: the repair
  // costs a check of every file again. data-repair on the box says the
  // answer has come (the tests wait for it).
  function repairUrl(id) { return '/verifica/' + id + '/corretto'; }
  function withToken(url, type, done, failed) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.setRequestHeader('X-Clic-Token', token);
    xhr.responseType = type;
    xhr.onerror = failed;
    xhr.onload = function () {
      if (xhr.status !== 200) { failed(); return; }
      done(xhr.response);
    };
    xhr.send();
  }
  function offerRepair(id, anyKo) {
    repairable = 0;
    var box = $('repair-box');
    box.removeAttribute('data-repair');
    show('repair-box', false);
    if (!anyKo) { box.setAttribute('data-repair', '0'); return; }
    withToken(repairUrl(id) + '.json', 'json', function (answer) {
      if (id !== run) { return; }
      repairable = answer.files;
      var link = $('repair-download');
      link.href = repairUrl(id);
      link.setAttribute('data-name', answer.name);
      $('repair-text').textContent = w('repair-offer', { files: repairable });
      show('repair-box', repairable > 0);
      box.setAttribute('data-repair', String(repairable));
    }, function () {
      // No count (the server is busy): the report stands without the offer.
      box.setAttribute('data-repair', '0');
    });
  }
  $('repair-download').addEventListener('click', function (e) {
    e.preventDefault();
    var link = this;
    withToken(link.href, 'blob', function (blob) {
      var save = document.createElement('a');
      save.href = URL.createObjectURL(blob);
      save.download = link.getAttribute('data-name');
      document.body.appendChild(save);
      save.click();
      document.body.removeChild(save);
      setTimeout(function () { URL.revokeObjectURL(save.href); }, 1000);
    }, function () { fail(w('lost')); });
  });

  function baseName(path) { return path.replace(/[\/\\]+$/, '').split(/[\/\\]/).pop(); }

  // An input that could not be read at all: said as the verdict, with
  // the step to take, instead of counts of zero files.
  function unreadable() {
    for (var i = 0; i < report.inputs.length; i++) {
      var input = report.inputs[i];
      var files = report.files.filter(function (f) { return f.input === input.path; });
      var error = input.diagnostics.filter(function (d) { return d.severity === 'error'; })[0];
      if (files.length === 0 && error) {
        return w('unreadable', { name: baseName(input.path) }) + ' ' + error.message + ' ' + error.fix;
      }
    }
    return null;
  }

  function summarize() {
    var s = report.summary;
    var ok = report.inputs.every(function (i) { return i.verdict === 'OK'; });
    var verdict = $('verdict');
    verdict.textContent = w(ok ? 'verdict-ok' : 'verdict-ko');
    verdict.className = 'verdict ' + (ok ? 'ok' : 'ko');
    var broken = unreadable();
    if (broken) {
      var detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = broken;
      verdict.appendChild(detail);
    }
    $('summary').textContent = s.files === 0 && broken ? '' : w('summary', s);
  }

  function diagnosticsList(diagnostics, withFix) {
    var ul = document.createElement('ul');
    diagnostics.forEach(function (d) {
      var li = document.createElement('li');
      var c = document.createElement('code');
      c.textContent = d.code;
      li.appendChild(c);
      var severity = document.createElement('span');
      severity.className = d.severity === 'error' ? 'ko' : d.severity;
      severity.textContent = ' ' + w(SEVERITY[d.severity] || 'severity-error');
      li.appendChild(severity);
      li.appendChild(document.createTextNode((d.line ? ' (' + w('line') + ' ' + d.line + ')' : '') + ': ' + d.message));
      if (withFix && d.fix) {
        var fix = document.createElement('span');
        fix.className = 'fix';
        fix.textContent = ' ' + d.fix;
        li.appendChild(fix);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  // Each archive, folder or file uploaded: KO when any file in it is KO
  // (or its own findings hold an error); its own notes listed apart.
  function inputs() {
    var body = document.createElement('tbody');
    var notes = $('input-notes');
    while (notes.firstChild) { notes.removeChild(notes.firstChild); }
    report.inputs.forEach(function (input) {
      var files = report.files.filter(function (f) { return f.input === input.path; });
      var ko = files.filter(function (f) { return f.verdict === 'KO'; }).length;
      var ownError = input.diagnostics.some(function (d) { return d.severity === 'error'; });
      var verdict = ko > 0 || ownError ? 'KO' : 'OK';
      var tr = document.createElement('tr');
      [input.path, verdict, n(files.length), n(files.length - ko), n(ko)].forEach(function (text, i) {
        var td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) { td.setAttribute('scope', 'row'); td.style.whiteSpace = 'normal'; }
        td.textContent = text;
        if (i === 1) { td.className = verdict === 'OK' ? 'ok' : 'ko'; }
        if (i > 1) { td.className = 'n'; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
      if (input.diagnostics.length) {
        var heading = document.createElement('h3');
        heading.textContent = w(NOTES[input.kind] || 'input-notes-file', { name: baseName(input.path) });
        notes.appendChild(heading);
        notes.appendChild(diagnosticsList(input.diagnostics, true));
      }
    });
    var old = document.querySelector('#inputs-table tbody');
    old.parentNode.replaceChild(body, old);
  }

  // The start of a name up to its last separator ("a/b/" of "a/b/c.xml"), or ''.
  function folderOf(name) {
    var slash = name.lastIndexOf('/');
    var within = name.lastIndexOf(' › ');
    var end = Math.max(slash >= 0 ? slash + 1 : 0, within >= 0 ? within + 3 : 0);
    return name.slice(0, end);
  }

  // Rows: every file, KO first (in report order within each verdict).
  function rows() {
    var several = report.inputs.length > 1;
    var list = report.files.map(function (f, i) {
      var name = f.input === f.name ? f.name : (several ? baseName(f.input) + ' › ' : '') + f.name;
      return { name: name, verdict: f.verdict, diagnostics: f.diagnostics, order: i };
    });
    list.sort(function (a, b) {
      return (a.verdict === 'KO' ? 0 : 1) - (b.verdict === 'KO' ? 0 : 1) || a.order - b.order;
    });
    // The folder (or archive) every name starts with: said once, above the table.
    prefix = '';
    if (list.length > 1 || (list.length === 1 && !several)) {
      var candidate = folderOf(list[0].name);
      while (candidate && !list.every(function (r) { return r.name.indexOf(candidate) === 0; })) {
        candidate = folderOf(candidate.slice(0, -1));
      }
      prefix = candidate;
    }
    var where = report.inputs.length === 1 && report.inputs[0].kind !== 'file' ? baseName(report.inputs[0].path) : '';
    list.forEach(function (r) { r.shown = r.name.slice(prefix.length); });
    var said = (where ? where + (prefix ? ' › ' : '') : '') + prefix;
    $('common-prefix').textContent = said ? w('common-prefix', { prefix: said }) : '';
    show('common-prefix', !!said);
    return list;
  }

  function fillCodes() {
    var select = $('filter-code');
    var chosen = select.value;
    while (select.options.length > 1) { select.remove(1); }
    var codes = {};
    all.forEach(function (r) { r.diagnostics.forEach(function (d) { codes[d.code] = true; }); });
    Object.keys(codes).sort().forEach(function (code) {
      var option = document.createElement('option');
      option.value = code;
      option.textContent = code;
      select.appendChild(option);
    });
    select.value = codes[chosen] ? chosen : '';
  }

  var matching = [];
  function filter() {
    if (!report) { return; }
    var koOnly = $('filter-ko').checked;
    var code = $('filter-code').value;
    var name = $('filter-name').value.trim().toLowerCase();
    matching = all.filter(function (r) {
      return (!koOnly || r.verdict === 'KO') &&
        (!code || r.diagnostics.some(function (d) { return d.code === code; })) &&
        (!name || r.name.toLowerCase().indexOf(name) >= 0);
    });
    var hiddenOk = koOnly ? all.filter(function (r) { return r.verdict === 'OK'; }).length : 0;
    $('hidden-ok-text').textContent = w('hidden-ok', { ko: all.length - hiddenOk, ok: hiddenOk });
    show('hidden-ok', hiddenOk > 0);
    page = Math.min(page, Math.max(0, Math.ceil(matching.length / PAGE) - 1));
    draw();
  }

  function draw() {
    var body = document.querySelector('#files-table tbody');
    var fresh = document.createElement('tbody');
    var from = page * PAGE;
    matching.slice(from, from + PAGE).forEach(function (r) {
      var tr = document.createElement('tr');
      var file = document.createElement('td');
      file.textContent = r.shown;
      file.className = 'name' + (r.shown.length > LONG ? ' long' : '');
      if (prefix) { file.title = r.name; }
      var verdict = document.createElement('td');
      verdict.textContent = r.verdict;
      verdict.className = 'result ' + (r.verdict === 'OK' ? 'ok' : 'ko');
      var problems = document.createElement('td');
      problems.className = 'problems';
      if (r.diagnostics.length) { problems.appendChild(diagnosticsList(r.diagnostics, false)); }
      tr.appendChild(file);
      tr.appendChild(verdict);
      tr.appendChild(problems);
      fresh.appendChild(tr);
    });
    body.parentNode.replaceChild(fresh, body);
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    $('shown').textContent = matching.length === 0 ? w('shown-none') : w('shown', {
      from: from + 1, to: Math.min(from + PAGE, matching.length), count: matching.length
    });
    show('pager', pages > 1);
    $('page-where').textContent = w('page-where', { page: page + 1, pages: pages });
    $('page-first').disabled = $('page-prev').disabled = page === 0;
    $('page-next').disabled = $('page-last').disabled = page >= pages - 1;
  }

  function go(to) {
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    page = Math.max(0, Math.min(to, pages - 1));
    draw();
    // The new page starts above the buttons: bring its top into view.
    var top = $('shown').getBoundingClientRect().top;
    if (top < 0) { $('shown').scrollIntoView(); }
  }

  $('report').addEventListener('load', function () {
    if (waiting > 0) { loaded(); }
  });
  $('files').addEventListener('change', function () { upload(this.files, false); this.value = ''; });
  $('folder').addEventListener('change', function () { upload(this.files, true); this.value = ''; });
  if (!('webkitdirectory' in $('folder'))) { show('folder-label', false); }
  var zone = $('drop-zone');
  zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  zone.addEventListener('drop', function (e) {
    e.preventDefault();
    zone.classList.remove('over');
    upload(e.dataTransfer.files, false);
  });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  $('filter-ko').addEventListener('change', function () { page = 0; filter(); });
  $('filter-code').addEventListener('change', function () { page = 0; filter(); });
  $('filter-name').addEventListener('input', function () { page = 0; filter(); });
  $('show-ok').addEventListener('click', function () {
    $('filter-ko').checked = false;
    page = 0;
    filter();
    $('filter-ko').focus();
  });
  $('page-first').addEventListener('click', function () { go(0); });
  $('page-prev').addEventListener('click', function () { go(page - 1); });
  $('page-next').addEventListener('click', function () { go(page + 1); });
  $('page-last').addEventListener('click', function () { go(Infinity); });
  $('lang-switch').addEventListener('click', function () {
    lang = lang === 'it' ? 'en' : 'it';
    applyWords();
    if (report && run) { load(run); }
  });
  applyWords();
})();
