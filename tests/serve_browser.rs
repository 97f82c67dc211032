//! `clic serve` end to end, in headless Chromium driven over WebDriver
//! (chromedriver): a user opens the page, chooses the example archive,
//! reads the counts and an Italian message, keeps only the KO files and
//! downloads the spreadsheet; a secretary's 500 CVs with 4 KO among them,
//! 2,100 KO files paged through, the keyboard alone with its focus ring on
//! every control, and axe-core's audit. Screenshots are left in
//! target/serve-e2e/ (the example) and target/serve-e2e-pagina/ (the
//! secretary's archives, the focus ring), each test in its own folder so
//! that tests running at once never remove each other's. Under CI=true a missing chromium, chromedriver or
//! axe-core (`npm install --prefix target/axe axe-core@4`) fails the test.

#[path = "support/corpus.rs"]
mod corpus;
mod serve_support;
mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use serve_support::Served;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver and one browser session, closed when dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
}

impl Browser {
    fn start(downloads: &Path, profile: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            agent,
        };
        let ready = Instant::now() + Duration::from_secs(20);
        while browser
            .agent
            .get(format!("{}/status", browser.base))
            .call()
            .is_err()
        {
            assert!(Instant::now() < ready, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium_binary(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,1400",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let answer = browser.call("POST", "/session", Some(capabilities));
        browser.session = answer["value"]["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        // Headless Chromium saves downloads only when told where.
        browser.cdp(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.display().to_string()}),
        );
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.base, path);
        let mut response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or(json!({})).to_string().as_bytes()),
        }
        .expect("chromedriver answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(status, 200, "{method} {path}: {text}");
        value
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)["value"].clone()
    }

    fn cdp(&self, cmd: &str, params: Value) {
        self.session(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        );
    }

    fn open(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let found = self.session(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT].as_str().expect("an element").to_string()
    }

    fn script(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn wait_for(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let value = self.script(script);
            if !value.is_null() && value != json!(false) {
                return value;
            }
            assert!(Instant::now() < deadline, "the page never showed {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses keys on whatever has the focus, as a keyboard does.
    fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|k| {
                [
                    json!({"type": "keyDown", "value": k.to_string()}),
                    json!({"type": "keyUp", "value": k.to_string()}),
                ]
            })
            .collect();
        self.session(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.session("POST", &format!("/element/{element}/click"), None);
    }

    fn choose(&self, file: &Path) {
        let input = self.find("#files");
        self.session(
            "POST",
            &format!("/element/{input}/value"),
            Some(json!({"text": file.display().to_string()})),
        );
        self.wait_for(
            "the report",
            "return document.getElementById('result').getAttribute('data-ready') === '1'",
        );
    }

    fn text(&self, id: &str) -> String {
        self.script(&format!("return document.getElementById('{id}').textContent"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The file table's rows: (name as shown, verdict).
    fn rows(&self) -> Vec<(String, String)> {
        let rows = self.script(
            "return Array.prototype.map.call(document.querySelectorAll('#files-table tbody tr'), \
             function (tr) { return [tr.cells[0].textContent, tr.cells[1].textContent]; })",
        );
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r[0].as_str().unwrap().to_string(),
                    r[1].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn screenshot(&self, path: &Path) {
        let data = self.session("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let url = format!("{}/session/{}", self.base, self.session);
            let _ = self.agent.delete(&url).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn chromium_binary() -> String {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .find(|p| Path::new(p).exists())
        .map_or_else(|| "chromium".to_string(), |p| p.to_string())
}

fn fresh_dir(path: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).unwrap();
    path
}

#[test]
fn a_user_checks_the_example_archive_in_the_browser() {
    if !support::tool_or_skip("chromium") || !support::tool_or_skip("chromedriver") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = fresh_dir(root.join("target/serve-e2e"));
    let downloads = fresh_dir(out.join("downloads"));
    let profile = support::temp_dir("serve-chromium-profile");
    let archive = root.join("fixtures/esempio.zip");
    let expected = support::verify_json(&[archive.to_str().unwrap()]).1;

    let served = Served::start(&[]);
    let browser = Browser::start(&downloads, &profile);
    browser.open(&served.url());
    let title = browser.script("return document.querySelector('h1').textContent");
    assert_eq!(title, "Verifica delle comunicazioni Cliclavoro");

    // Choose the archive through the file input, as a user would.
    let input = browser.find("#files");
    browser.session(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({"text": archive.display().to_string()})),
    );
    browser.wait_for(
        "the report",
        "return document.getElementById('result').getAttribute('data-ready') === '1'",
    );

    let s = &expected["summary"];
    let counts = format!(
        "{} file: {} OK, {} KO; avvisi: {}",
        s["files"], s["ok"], s["ko"], s["warnings"]
    );
    assert_eq!(
        browser.script("return document.getElementById('summary').textContent"),
        counts
    );
    assert_eq!(
        browser.script("return document.getElementById('verdict').textContent"),
        "Esito: KO"
    );
    let first_message = expected["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .next()
        .expect("the example has findings")["message"]
        .as_str()
        .unwrap()
        .to_string();
    let table = browser.script("return document.getElementById('files-table').textContent");
    assert!(
        table.as_str().unwrap().contains(&first_message),
        "{first_message} in {table}"
    );

    // The HTML report in its frame: the same renderer as --format html.
    let frame = browser.find("#report");
    browser.session("POST", "/frame", Some(json!({"id": {ELEMENT: frame}})));
    let report = browser.wait_for(
        "the HTML report",
        "return document.querySelector('h1') && document.querySelector('h1').textContent",
    );
    assert_eq!(report, "Rapporto di verifica Cliclavoro");
    browser.session("POST", "/frame/parent", None);
    browser.screenshot(&out.join("rapporto.png"));

    // KO only, from the start: every row is a KO one, and all of them are there.
    assert_eq!(
        browser.script("return document.getElementById('filter-ko').checked"),
        true
    );
    let verdicts = browser.script(
        "return Array.prototype.map.call(document.querySelectorAll('#files-table tbody tr td:nth-child(2)'), \
         function (td) { return td.textContent; })",
    );
    let verdicts = verdicts.as_array().unwrap();
    assert_eq!(verdicts.len() as u64, s["ko"].as_u64().unwrap());
    assert!(verdicts.iter().all(|v| v == "KO"), "{verdicts:?}");
    browser.screenshot(&out.join("solo-ko.png"));
    // The README's picture (docs/serve.png is this, through pngquant).
    browser.session(
        "POST",
        "/window/rect",
        Some(json!({"width": 1000, "height": 900})),
    );
    browser.screenshot(&out.join("readme.png"));

    // The spreadsheet download.
    let link = browser.find("#download-xlsx");
    browser.session("POST", &format!("/element/{link}/click"), None);
    let deadline = Instant::now() + Duration::from_secs(30);
    let book = loop {
        let done = std::fs::read_dir(&downloads)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "xlsx"));
        if let Some(path) = done {
            break path;
        }
        assert!(Instant::now() < deadline, "the xlsx was not downloaded");
        std::thread::sleep(Duration::from_millis(100));
    };
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).expect("a spreadsheet");
    let problems = workbook.worksheet_range("Problemi").expect("the problems sheet");
    let findings: usize = expected["files"]
        .as_array()
        .unwrap()
        .iter()
        .chain(expected["inputs"].as_array().unwrap())
        .map(|f| f["diagnostics"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        problems.height(),
        findings + 1,
        "one row per finding, and the header"
    );

    // The English switch: the page's words and the report's messages.
    let switch = browser.find("#lang-switch");
    browser.session("POST", &format!("/element/{switch}/click"), None);
    let english = format!(
        "{} files: {} OK, {} KO; warnings: {}",
        s["files"], s["ok"], s["ko"], s["warnings"]
    );
    browser.wait_for(
        "the English page",
        &format!(
            "return document.getElementById('result').getAttribute('data-ready') === '1' && \
             document.getElementById('summary').textContent === {english:?} && \
             document.getElementById('files-table').textContent.indexOf('is missing from') >= 0"
        ),
    );
    let _ = std::fs::remove_dir_all(&profile);
}

/// The acceptance measure: the 20,000-file bench archive (`cargo bench
/// --bench verify` makes it) through the page, against `clic verify` on
/// the same archive. Slow: run it on purpose, in release, e.g.
/// `CLIC_BENCH_ARCHIVE=target/bench/cv-vacancy-20000.zip cargo test
/// --release --test serve_browser -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement: needs the bench archive and a release build"]
fn the_bench_archive_through_the_page_takes_under_three_times_the_cli() {
    let archive =
        PathBuf::from(std::env::var("CLIC_BENCH_ARCHIVE").expect("CLIC_BENCH_ARCHIVE names the archive"));
    let archive = archive.canonicalize().expect("the bench archive exists");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = fresh_dir(root.join("target/serve-bench"));
    // The CLI's best of 3 against the page's only run: the strict side.
    let cli = |format: &str| {
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let status = Command::new(env!("CARGO_BIN_EXE_clic"))
                    .args(["verify", "--quiet", "--format", format, "--out"])
                    .arg(out.join(format!("report.{format}")))
                    .arg(&archive)
                    .status()
                    .unwrap();
                assert!(matches!(status.code(), Some(0 | 1)));
                started.elapsed()
            })
            .min()
            .unwrap()
    };
    let text = cli("text");
    let html = cli("html");

    let served = Served::start(&[]);
    let browser = Browser::start(
        &fresh_dir(out.join("downloads")),
        &support::temp_dir("serve-bench-profile"),
    );
    browser.open(&served.url());
    let input = browser.find("#files");
    let started = Instant::now();
    browser.session(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({"text": archive.display().to_string()})),
    );
    let deadline = Instant::now() + Duration::from_secs(600);
    while browser.script("return document.getElementById('result').getAttribute('data-ready') === '1'")
        != json!(true)
    {
        assert!(Instant::now() < deadline, "the report never showed");
        std::thread::sleep(Duration::from_millis(25));
    }
    let page = started.elapsed();
    browser.screenshot(&out.join("bench.png"));
    let summary = browser.script("return document.getElementById('summary').textContent");
    eprintln!(
        "{}: clic verify {:.2} s (html report {:.2} s); through the page {:.2} s ({:.2}x); {summary}",
        archive.display(),
        text.as_secs_f64(),
        html.as_secs_f64(),
        page.as_secs_f64(),
        page.as_secs_f64() / text.as_secs_f64(),
    );
    assert!(page < text * 3, "the page took {page:?}, the CLI {text:?}");
}

/// A secretary's archive as Windows Explorer makes it: a top folder, 496
/// valid CVs and 4 broken ones among them (a PDF and a text saved as .xml,
/// a CV cut short, one with a tag left open), Thumbs.db, the Excel list
/// and its `~$` lock file.
fn secretary_archive(path: &Path) -> Vec<&'static str> {
    let ko_at = [43usize, 124, 251, 378];
    let broken: [(&str, Vec<u8>); 4] = [
        (
            "Bianchi Anna.xml",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec(),
        ),
        ("Colombo Luca.xml", b"ciao".to_vec()),
        ("Esposito Sara.xml", {
            let cv = corpus::candidatura(&mut corpus::Rng::derive(25, 9000));
            cv.as_bytes()[..cv.len() / 2].to_vec()
        }),
        ("Ferrari Marco.xml", {
            let cv = corpus::candidatura(&mut corpus::Rng::derive(25, 9001));
            cv.replacen("</", "<", 1).into_bytes()
        }),
    ];
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut next_ko = 0;
    for i in 0..500 {
        if ko_at.contains(&(i + 1)) {
            let (name, bytes) = &broken[next_ko];
            entries.push((format!("CV studenti 2026/{name}"), bytes.clone()));
            next_ko += 1;
        } else {
            let cv = corpus::candidatura(&mut corpus::Rng::derive(25, i as u64));
            entries.push((
                format!("CV studenti 2026/Studente {:03}.xml", i + 1),
                cv.into_bytes(),
            ));
        }
    }
    entries.push(("CV studenti 2026/Thumbs.db".into(), vec![0; 64]));
    entries.push((
        "CV studenti 2026/elenco studenti.xlsx".into(),
        b"PK\x03\x04".to_vec(),
    ));
    entries.push(("CV studenti 2026/~$elenco studenti.xlsx".into(), vec![0; 16]));
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    support::write(path, &support::zip_bytes(&refs));
    broken.iter().map(|(name, _)| *name).collect()
}

fn browser_tools_or_skip() -> bool {
    support::tool_or_skip("chromium") && support::tool_or_skip("chromedriver")
}

#[test]
fn five_hundred_cvs_with_four_ko_show_the_ko_ones_first_and_the_ok_ones_on_request() {
    if !browser_tools_or_skip() {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/serve-e2e-pagina");
    std::fs::create_dir_all(&out).unwrap();
    let dir = support::temp_dir("serve-500");
    let archive = dir.join("CV studenti 2026.zip");
    let broken = secretary_archive(&archive);
    let expected = support::verify_json(&[archive.to_str().unwrap()]).1;
    assert_eq!(expected["summary"]["files"], 500);
    assert_eq!(expected["summary"]["ko"], 4);

    let served = Served::start(&[]);
    let profile = support::temp_dir("serve-500-profile");
    let browser = Browser::start(&fresh_dir(dir.join("downloads")), &profile);
    browser.session(
        "POST",
        "/window/rect",
        Some(json!({"width": 1024, "height": 1300})),
    );
    browser.open(&served.url());
    browser.choose(&archive);

    // The verdict, and the counts in Italian style.
    assert_eq!(browser.text("verdict"), "Esito: KO");
    let s = &expected["summary"];
    assert_eq!(
        browser.text("summary"),
        format!("500 file: 496 OK, 4 KO; avvisi: {}", s["warnings"])
    );
    // The list opens on the KO files, says how many OK ones it hides.
    let rows = browser.rows();
    let shown: Vec<&str> = rows.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(shown, broken, "the four KO files, in the archive's order");
    assert!(rows.iter().all(|(_, v)| v == "KO"), "{rows:?}");
    assert_eq!(
        browser.text("hidden-ok-text"),
        "Sono elencati solo i 4 file KO: 496 file OK sono nascosti."
    );
    // The archive's folder is said once, not on every row.
    assert_eq!(
        browser.text("common-prefix"),
        "Tutti i file sono in «CV studenti 2026.zip › CV studenti 2026/»: i nomi qui sotto partono da lì."
    );
    // The archive's row is KO (its files are), its own notes apart.
    let input_row = browser.script(
        "return Array.prototype.map.call(document.querySelectorAll('#inputs-table tbody td'), \
         function (td) { return td.textContent; })",
    );
    assert_eq!(input_row, json!(["KO", "500", "496", "4"]));
    let notes = browser.text("input-notes");
    assert!(
        notes.starts_with("Segnalazioni sull'archivio «CV studenti 2026.zip»"),
        "{notes}"
    );
    for name in ["Thumbs.db", "elenco studenti.xlsx", "~$elenco studenti.xlsx"] {
        assert!(notes.contains(name), "{name} in {notes}");
    }
    assert!(
        !notes.contains("zip -X"),
        "no command for a Windows user: {notes}"
    );
    // The spreadsheet offered to people is the xlsx, first; no CSV.
    assert_eq!(
        browser.script(
            "return Array.prototype.map.call(document.querySelectorAll('#downloads a'), \
             function (a) { return a.getAttribute('data-format'); })"
        ),
        json!(["xlsx", "html", "json"])
    );
    // Each file's problem named for what it is.
    let table = browser.text("files-table");
    assert!(
        table.contains("Questo file è un PDF, non un XML Cliclavoro"),
        "{table}"
    );
    assert!(!table.contains("ANSI"), "{table}");
    // At 1024 px every name is on one line.
    let lines = browser.script(
        "return Array.prototype.map.call(document.querySelectorAll('#files-table td.name'), function (td) { \
           var range = document.createRange(); range.selectNodeContents(td); \
           var tops = {}; Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = 1; }); \
           return Object.keys(tops).length; })",
    );
    assert!(
        lines.as_array().unwrap().iter().all(|n| n == 1),
        "names on one line: {lines}"
    );
    assert_eq!(
        browser.script("return document.getElementById('pager').offsetParent === null"),
        true,
        "one page: no page buttons"
    );
    browser.screenshot(&out.join("500-solo-ko.png"));

    // One click shows them all, KO first, a page at a time.
    browser.click("#show-ok");
    assert_eq!(
        browser.script("return document.getElementById('filter-ko').checked"),
        false
    );
    assert_eq!(browser.text("shown"), "File da 1 a 100 di 500");
    let rows = browser.rows();
    assert_eq!(rows.len(), 100);
    assert!(rows[..4].iter().all(|(_, v)| v == "KO") && rows[4..].iter().all(|(_, v)| v == "OK"));
    assert_eq!(rows[4].0, "Studente 001.xml");
    assert_eq!(
        browser.script("return document.getElementById('pager').offsetParent !== null"),
        true,
        "five pages: the page buttons show"
    );
    browser.screenshot(&out.join("500-tutti.png"));
    let _ = std::fs::remove_dir_all(&profile);
}

#[test]
fn the_last_of_2100_ko_files_is_reached_through_the_pages() {
    if !browser_tools_or_skip() {
        return;
    }
    let dir = support::temp_dir("serve-2100");
    let archive = dir.join("rifiutati.zip");
    let names: Vec<String> = (1..=2100).map(|i| format!("cv-{i:04}.xml")).collect();
    let refs: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"ciao"[..])).collect();
    support::write(&archive, &support::zip_bytes(&refs));

    let served = Served::start(&[]);
    let profile = support::temp_dir("serve-2100-profile");
    let browser = Browser::start(&fresh_dir(dir.join("downloads")), &profile);
    browser.open(&served.url());
    browser.choose(&archive);
    assert_eq!(browser.text("summary"), "2.100 file: 0 OK, 2.100 KO; avvisi: 0");
    assert_eq!(browser.text("shown"), "File da 1 a 100 di 2.100");
    assert_eq!(browser.text("page-where"), "Pagina 1 di 21");
    // Next page, then the last one: the last KO file is there.
    browser.click("#page-next");
    assert_eq!(browser.rows()[0].0, "cv-0101.xml");
    browser.click("#page-last");
    assert_eq!(browser.text("shown"), "File da 2.001 a 2.100 di 2.100");
    let rows = browser.rows();
    assert_eq!(rows.last().unwrap().0, "cv-2100.xml");
    assert_eq!(rows.len(), 100);
    // And back, with the keyboard alone.
    let first = browser.find("#page-first");
    browser.session("POST", &format!("/element/{first}/click"), None);
    assert_eq!(browser.rows()[0].0, "cv-0001.xml");
    let _ = std::fs::remove_dir_all(&profile);
}

/// axe-core's script, installed by `.ci/run` (never committed).
fn axe_source() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "axe-core is missing ({}): npm install --prefix target/axe axe-core@4",
                path.display()
            )
        }
        Err(_) => {
            eprintln!("skipped: axe-core not installed (npm install --prefix target/axe axe-core@4)");
            None
        }
    }
}

#[test]
fn the_keyboard_alone_reaches_every_control_with_a_visible_ring_and_axe_finds_nothing_serious() {
    if !browser_tools_or_skip() {
        return;
    }
    let Some(axe) = axe_source() else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/serve-e2e-pagina/fuoco");
    let out = fresh_dir(out);
    let dir = support::temp_dir("serve-keys");
    let archive = dir.join("CV studenti 2026.zip");
    secretary_archive(&archive);
    let served = Served::start(&[]);
    let profile = support::temp_dir("serve-keys-profile");
    let browser = Browser::start(&fresh_dir(dir.join("downloads")), &profile);
    browser.session(
        "POST",
        "/window/rect",
        Some(json!({"width": 1024, "height": 1300})),
    );
    browser.open(&served.url());

    // Before any upload: the language switch, then the two file choosers,
    // whose labels show the ring while their hidden input has the focus.
    let ring = "var e = document.activeElement; \
        var shown = e.classList.contains('hidden-input') ? e.parentElement : e; \
        var style = getComputedStyle(shown); \
        return [e.id || e.textContent, shown.tagName, style.outlineStyle, style.outlineWidth];";
    let mut seen = Vec::new();
    for step in 0..3 {
        browser.keys("\u{E004}");
        let focused = browser.script(ring);
        assert_eq!(focused[2], "solid", "step {step}: a ring on {focused}");
        assert_eq!(focused[3], "3px", "{focused}");
        browser.screenshot(&out.join(format!("prima-{step}.png")));
        seen.push(focused[0].as_str().unwrap_or_default().to_string());
    }
    assert_eq!(seen[1..], ["files", "folder"], "{seen:?}");
    let accessibility = |when: &str| {
        let found = browser.session(
            "POST",
            "/execute/async",
            Some(json!({
                "script": format!("{axe}\n;var done = arguments[arguments.length - 1]; \
                    axe.run(document, {{resultTypes: ['violations']}}).then(function (r) {{ \
                      done(r.violations.map(function (v) {{ return [v.id, v.impact, v.nodes.length]; }})); }}, \
                      function (e) {{ done([['axe failed', String(e), 0]]); }});"),
                "args": [],
            })),
        );
        let serious: Vec<&Value> = found
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v[1] == "serious" || v[1] == "critical" || v[0] == "axe failed")
            .collect();
        assert!(
            serious.is_empty(),
            "{when}: axe-core found {serious:?} (all: {found})"
        );
        eprintln!("axe-core {when}: {found}");
    };
    accessibility("before the upload");

    // After it: every control in turn, each with its ring.
    browser.choose(&archive);
    browser.script("document.activeElement.blur(); window.scrollTo(0, 0); return null");
    browser.script("document.getElementById('lang-switch').focus(); return null");
    let mut order = Vec::new();
    for step in 0..12 {
        browser.keys("\u{E004}");
        let focused = browser.script(ring);
        let name = focused[0].as_str().unwrap_or_default().to_string();
        if focused[1] == "IFRAME" {
            break;
        }
        assert_eq!(focused[2], "solid", "step {step}: a ring on {focused}");
        browser.screenshot(&out.join(format!("dopo-{step:02}.png")));
        order.push(name);
    }
    for control in [
        "files",
        "folder",
        "download-xlsx",
        "filter-ko",
        "filter-code",
        "filter-name",
        "show-ok",
    ] {
        assert!(
            order.iter().any(|n| n == control),
            "{control} reached by Tab: {order:?}"
        );
    }
    // Space on the focused "show the OK files" button shows them.
    browser.script("document.getElementById('show-ok').focus(); return null");
    browser.keys(" ");
    assert_eq!(browser.text("shown"), "File da 1 a 100 di 500");
    browser.script("document.getElementById('page-next').focus(); return null");
    browser.keys("\u{E007}");
    assert_eq!(browser.text("shown"), "File da 101 a 200 di 500");
    browser.screenshot(&out.join("pagina-2-da-tastiera.png"));
    accessibility("with the results");
    // The audit is real: an image without a text alternative is found.
    let control = browser.session(
        "POST",
        "/execute/async",
        Some(json!({
            "script": format!("{axe}\n;var done = arguments[arguments.length - 1]; \
                var img = document.createElement('img'); img.src = 'data:,'; document.body.appendChild(img); \
                axe.run(document, {{runOnly: ['image-alt']}}).then(function (r) {{ \
                  done(r.violations.map(function (v) {{ return v.id; }})); }});"),
            "args": [],
        })),
    );
    assert_eq!(control, json!(["image-alt"]));
    let _ = std::fs::remove_dir_all(&profile);
}

#[test]
fn an_unreadable_archive_is_said_as_the_verdict_with_the_step_to_take() {
    if !browser_tools_or_skip() {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = support::temp_dir("serve-unreadable");
    let truncated = dir.join("CV marzo.zip");
    std::fs::copy(
        root.join("fixtures/codici/CL0012-ko-archivio-troncato.zip"),
        &truncated,
    )
    .unwrap();
    let rar = dir.join("CV aprile.zip");
    std::fs::copy(root.join("fixtures/codici/CL0018-ko-rar-chiamato-zip.zip"), &rar).unwrap();

    let served = Served::start(&[]);
    let profile = support::temp_dir("serve-unreadable-profile");
    let browser = Browser::start(&fresh_dir(dir.join("downloads")), &profile);
    browser.open(&served.url());
    browser.choose(&truncated);
    let verdict = browser.text("verdict");
    assert!(
        verdict.starts_with("Esito: KO«CV marzo.zip» non si può controllare. L'archivio non è un .zip leggibile: è incompleto o danneggiato"),
        "{verdict}"
    );
    assert!(
        verdict.ends_with("Ricreare il .zip e caricare il file completo."),
        "{verdict}"
    );
    assert_eq!(browser.text("summary"), "", "no «0 file: 0 OK, 0 KO»");
    assert_eq!(
        browser.script("return document.getElementById('files-box').offsetParent === null"),
        true,
        "no empty list of files"
    );
    let out = root.join("target/serve-e2e-pagina");
    std::fs::create_dir_all(&out).unwrap();
    browser.screenshot(&out.join("archivio-troncato.png"));

    // A RAR archive renamed .zip: named for what it is, with what to do.
    browser.choose(&rar);
    let table = browser.text("files-table");
    assert!(
        table.contains("Questo file è un archivio RAR, non un archivio .zip: estrarre i file"),
        "{table}"
    );
    let _ = std::fs::remove_dir_all(&profile);
}

/// The files of fixtures/fix/misto.zip that no repair may fix.
const UNREPAIRABLE: [&str; 4] = [
    "manca-il-cognome.xml",
    "carattere-di-controllo-errato.xml",
    "elemento-sconosciuto.xml",
    "testo-troppo-lungo.xml",
];

#[test]
fn an_archive_with_repairable_files_offers_the_repaired_archive_and_it_verifies_ok() {
    if !browser_tools_or_skip() {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = support::temp_dir("serve-repair");
    let misto = dir.join("misto.zip");
    std::fs::copy(root.join("fixtures/fix/misto.zip"), &misto).unwrap();

    let served = Served::start(&[]);
    let profile = support::temp_dir("serve-repair-profile");
    let downloads = fresh_dir(dir.join("downloads"));
    let browser = Browser::start(&downloads, &profile);
    browser.open(&served.url());
    browser.choose(&misto);
    browser.wait_for(
        "the repair offer",
        "return document.getElementById('repair-box').getAttribute('data-repair') !== null",
    );
    assert_eq!(
        browser.script("return document.getElementById('repair-box').hidden"),
        false,
        "the offer is shown"
    );
    assert_eq!(
        browser.text("repair-text"),
        "File che si possono correggere in automatico: 11. L'archivio corretto si prepara su questo computer."
    );
    assert_eq!(browser.text("repair-download"), "Scarica l'archivio corretto");
    // For reviewers: the page with the offer, and below the report's
    // «Correzioni» (not committed).
    let shots = fresh_dir(root.join("target/serve-e2e-correzioni"));
    browser.screenshot(&shots.join("offerta.png"));

    // The click downloads it, named by the NAME-corretto rule.
    browser.click("#repair-download");
    let saved = downloads.join("misto-corretto.zip");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !saved.exists() {
        assert!(
            Instant::now() < deadline,
            "the repaired archive was not downloaded"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Chromium renames the finished download into place: wait for a whole zip.
    let bytes = loop {
        let bytes = std::fs::read(&saved).unwrap();
        if zip::ZipArchive::new(std::io::Cursor::new(&bytes)).is_ok() {
            break bytes;
        }
        assert!(Instant::now() < deadline, "the repaired archive is incomplete");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_ne!(bytes, std::fs::read(&misto).unwrap(), "the repairs are in");

    let verified = Command::new(env!("CARGO_BIN_EXE_clic"))
        .env_remove("CLIC_LANG")
        .args(["verify", "misto-corretto.zip", "--format", "json"])
        .current_dir(&downloads)
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(1), "the unrepairable files stay KO");
    let report: Value = serde_json::from_slice(&verified.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 17, "every communication of the upload");
    for file in files {
        let name = file["name"].as_str().unwrap();
        let base = name.rsplit('/').next().unwrap();
        let expected = if UNREPAIRABLE.contains(&base) { "KO" } else { "OK" };
        assert_eq!(file["verdict"], expected, "{name}: {file}");
    }

    // The spreadsheet the page offers lists the repairs the archive
    // applies, and says which files stay KO, to correct by hand.
    let link = browser.find("#download-xlsx");
    browser.session("POST", &format!("/element/{link}/click"), None);
    let book = downloads.join("misto-rapporto.xlsx");
    while !book.exists() {
        assert!(Instant::now() < deadline, "the xlsx was not downloaded");
        std::thread::sleep(Duration::from_millis(100));
    }
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = loop {
        if let Ok(workbook) = calamine::open_workbook(&book) {
            break workbook;
        }
        assert!(Instant::now() < deadline, "the xlsx is incomplete");
        std::thread::sleep(Duration::from_millis(100));
    };
    let sheet = workbook.worksheet_range("Correzioni").expect("the repairs sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let base = |row: &[String]| row[1].rsplit('/').next().unwrap().to_string();
    for unrepairable in UNREPAIRABLE {
        assert!(
            rows.iter()
                .any(|r| base(r) == unrepairable && r[3] == "KO" && r[7] == "CL1099"),
            "{unrepairable} stays KO: {rows:?}"
        );
    }
    let repaired: std::collections::BTreeSet<String> = rows
        .iter()
        .filter(|r| r[3] == "OK" && r[7].starts_with("CL100"))
        .map(|r| base(r))
        .collect();
    assert_eq!(
        repaired.len(),
        11,
        "every repaired file, with its repairs: {rows:?}"
    );

    // The HTML report in the page's frame has them too, in a table axe-core
    // finds nothing serious in.
    let report = browser.script("return document.getElementById('report').src");
    browser.open(report.as_str().unwrap());
    let section = browser.script("return document.getElementById('correzioni').innerText");
    let section = section.as_str().unwrap();
    assert!(
        section.contains("CL1006") && section.contains("12/08/1995") && section.contains("1995-08-12"),
        "{section}"
    );
    assert_eq!(section.matches("CL1099").count(), 4, "{section}");
    browser.script("document.getElementById('correzioni').scrollIntoView(); return true");
    browser.screenshot(&shots.join("rapporto-correzioni.png"));
    if let Some(axe) = axe_source() {
        let found = browser.session(
            "POST",
            "/execute/async",
            Some(json!({
                "script": format!("{axe}\n;var done = arguments[arguments.length - 1]; \
                    axe.run(document.getElementById('correzioni'), {{resultTypes: ['violations']}}).then(function (r) {{ \
                      done(r.violations.map(function (v) {{ return [v.id, v.impact, v.nodes.length]; }})); }}, \
                      function (e) {{ done([['axe failed', String(e), 0]]); }});"),
                "args": [],
            })),
        );
        let serious: Vec<&Value> = found
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v[1] == "serious" || v[1] == "critical" || v[0] == "axe failed")
            .collect();
        assert!(serious.is_empty(), "axe-core found {serious:?} (all: {found})");
        eprintln!("axe-core on «Correzioni»: {found}");
    }
    let _ = std::fs::remove_dir_all(&profile);
}
