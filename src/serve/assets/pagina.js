// clic serve's page: uploads the chosen files to this server, follows the
// check, then shows the report (the HTML report in a frame, the files in a
// table that can be filtered) and the download links. Words come from the
// server (report/serve.rs), in both languages.
(function () {
  'use strict';
  var words = JSON.parse(document.getElementById('words').textContent);
  var token = document.querySelector('meta[name="clic-token"]').content;
  var lang = document.documentElement.lang === 'en' ? 'en' : 'it';
  var run = null;      // id of the last check
  var report = null;   // its JSON report
  var SHOWN = 500;     // rows in the table at most

  function $(id) { return document.getElementById(id); }
  function w(key, values) {
    var text = words[lang][key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
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

  function upload(files) {
    var wanted = [];
    for (var i = 0; i < files.length; i++) {
      if (/\.(zip|xml)$/i.test(files[i].name)) { wanted.push(files[i]); }
    }
    if (wanted.length === 0) { fail(w('no-files')); return; }
    var form = new FormData();
    wanted.forEach(function (f) { form.append('file', f, f.webkitRelativePath || f.name); });
    show('error-box', false);
    show('result', false);
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
      summarize();
      fillCodes();
      filter();
      var links = document.querySelectorAll('#downloads a');
      for (var i = 0; i < links.length; i++) {
        links[i].href = reportUrl(id, links[i].getAttribute('data-format'), true);
      }
      loaded();
    });
  }

  function summarize() {
    var s = report.summary;
    var ok = report.inputs.every(function (i) { return i.verdict === 'OK'; });
    $('verdict').textContent = w(ok ? 'verdict-ok' : 'verdict-ko');
    $('verdict').className = 'verdict ' + (ok ? 'ok' : 'ko');
    $('summary').textContent = w('summary', s);
  }

  // Rows: every file, and each input with findings of its own (KO when
  // one of them is an error: an input is KO too when only its files are).
  function rows() {
    var list = [];
    report.inputs.forEach(function (i) {
      if (i.diagnostics.length) {
        var ko = i.diagnostics.some(function (d) { return d.severity === 'error'; });
        list.push({ name: i.path, verdict: ko ? 'KO' : 'OK', diagnostics: i.diagnostics });
      }
    });
    report.files.forEach(function (f) {
      var name = f.input === f.name ? f.name : f.input + ' › ' + f.name;
      list.push({ name: name, verdict: f.verdict, diagnostics: f.diagnostics });
    });
    return list;
  }

  function fillCodes() {
    var select = $('filter-code');
    var chosen = select.value;
    while (select.options.length > 1) { select.remove(1); }
    var codes = {};
    rows().forEach(function (r) { r.diagnostics.forEach(function (d) { codes[d.code] = true; }); });
    Object.keys(codes).sort().forEach(function (code) {
      var option = document.createElement('option');
      option.value = code;
      option.textContent = code;
      select.appendChild(option);
    });
    select.value = codes[chosen] ? chosen : '';
  }

  function filter() {
    if (!report) { return; }
    var koOnly = $('filter-ko').checked;
    var code = $('filter-code').value;
    var name = $('filter-name').value.trim().toLowerCase();
    var matching = rows().filter(function (r) {
      return (!koOnly || r.verdict === 'KO') &&
        (!code || r.diagnostics.some(function (d) { return d.code === code; })) &&
        (!name || r.name.toLowerCase().indexOf(name) >= 0);
    });
    var body = document.querySelector('#files-table tbody');
    var fresh = document.createElement('tbody');
    matching.slice(0, SHOWN).forEach(function (r) {
      var tr = document.createElement('tr');
      var file = document.createElement('td');
      file.textContent = r.name;
      var verdict = document.createElement('td');
      verdict.textContent = r.verdict;
      verdict.className = r.verdict === 'OK' ? 'ok' : 'ko';
      var problems = document.createElement('td');
      if (r.diagnostics.length) {
        var ul = document.createElement('ul');
        r.diagnostics.forEach(function (d) {
          var li = document.createElement('li');
          var c = document.createElement('code');
          c.textContent = d.code;
          li.appendChild(c);
          li.appendChild(document.createTextNode((d.line ? ' (' + d.line + ')' : '') + ': ' + d.message));
          ul.appendChild(li);
        });
        problems.appendChild(ul);
      }
      tr.appendChild(file);
      tr.appendChild(verdict);
      tr.appendChild(problems);
      fresh.appendChild(tr);
    });
    body.parentNode.replaceChild(fresh, body);
    $('shown').textContent = w('shown', { shown: Math.min(matching.length, SHOWN), count: matching.length });
  }

  $('report').addEventListener('load', function () {
    if (waiting > 0) { loaded(); }
  });
  $('files').addEventListener('change', function () { upload(this.files); this.value = ''; });
  $('folder').addEventListener('change', function () { upload(this.files); this.value = ''; });
  if (!('webkitdirectory' in $('folder'))) { show('folder-label', false); }
  var zone = $('drop-zone');
  zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  zone.addEventListener('drop', function (e) {
    e.preventDefault();
    zone.classList.remove('over');
    upload(e.dataTransfer.files);
  });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  $('filter-ko').addEventListener('change', filter);
  $('filter-code').addEventListener('change', filter);
  $('filter-name').addEventListener('input', filter);
  $('lang-switch').addEventListener('click', function () {
    lang = lang === 'it' ? 'en' : 'it';
    applyWords();
    if (report && run) { load(run); }
  });
  applyWords();
})();
