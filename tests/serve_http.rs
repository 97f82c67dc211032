//! `clic serve` over HTTP: the verdicts of `clic verify`, and what a local
//! server must refuse (another Host, another origin, no token, too much,
//! a broken body) without falling over.

mod serve_support;

use std::path::PathBuf;
use std::process::Command;

use serve_support::{BOUNDARY_TYPE, Served};

fn example() -> Vec<u8> {
    std::fs::read(fixtures().join("esempio.zip")).unwrap()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `clic verify esempio.zip --format json`, run where the archive is so
/// that its path reads as the uploaded file's name.
fn verify_json(lang: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_clic"))
        .env_remove("CLIC_LANG")
        .args(["--lang", lang, "verify", "esempio.zip", "--format", "json"])
        .current_dir(fixtures())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "the example archive has KO files");
    String::from_utf8(output.stdout).unwrap()
}

fn upload_example(served: &Served, token: &str) -> String {
    let answer = served.upload(&[("esempio.zip", &example())], token);
    assert_eq!(answer.status, 202, "{}", answer.body_text());
    answer.json()["id"].as_str().unwrap().to_string()
}

fn parsed(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// The page's JSON is verify's with each finding's "how to fix" added
/// (`fix`, for the page to show) and, for a run with KO files, the
/// repairs of «Scarica l'archivio corretto»: taken out, the two are the same.
fn without_fixes(mut report: serde_json::Value) -> serde_json::Value {
    if report["summary"]["ko"].as_u64() > Some(0) {
        for key in ["repaired_files", "repairs", "repair_verdicts", "after_repair"] {
            let removed = report.as_object_mut().unwrap().remove(key);
            assert!(removed.is_some(), "a run with KO files lists its repairs: {key}");
        }
    }
    for list in ["inputs", "files"] {
        for item in report[list].as_array_mut().unwrap() {
            for d in item["diagnostics"].as_array_mut().unwrap() {
                let fix = d.as_object_mut().unwrap().remove("fix");
                assert!(
                    fix.is_some_and(|f| f.as_str().is_some_and(|f| f.len() > 8)),
                    "{d}"
                );
            }
        }
    }
    report
}

#[test]
fn the_example_archive_gets_the_same_json_report_as_verify() {
    let served = Served::start(&[]);
    let id = upload_example(&served, &served.token());
    let report = served.report(&id, "json");
    assert_eq!(report.status, 200);
    assert_eq!(without_fixes(report.json()), parsed(&verify_json("it")));
    // The language switch: the same report in English.
    let english = served.get(&format!("/verifica/{id}/rapporto.json?lang=en"));
    assert_eq!(without_fixes(english.json()), parsed(&verify_json("en")));
    // The page's progress says it finished, with the counts.
    let progress = served.get(&format!("/verifica/{id}")).json();
    assert_eq!(progress["finished"], true);
    assert_eq!(progress["done"], progress["total"]);
    let expected: serde_json::Value = serde_json::from_str(&verify_json("it")).unwrap();
    assert_eq!(progress["summary"], expected["summary"]);
}

#[test]
fn the_repaired_archive_needs_the_token_and_is_the_fixed_zip() {
    let served = Served::start(&[]);
    let token = served.token();
    let misto = std::fs::read(fixtures().join("fix/misto.zip")).unwrap();
    let answer = served.upload(&[("misto.zip", &misto)], &token);
    assert_eq!(answer.status, 202, "{}", answer.body_text());
    let id = answer.json()["id"].as_str().unwrap().to_string();

    for path in [
        format!("/verifica/{id}/corretto"),
        format!("/verifica/{id}/corretto.json"),
    ] {
        let refused = served.get(&path);
        assert_eq!(refused.status, 403, "{path} without the token");
        assert_eq!(refused.json()["error"], "token");
        let wrong = served.get_with(&path, &[("X-Clic-Token", "0123")]);
        assert_eq!(wrong.status, 403, "{path} with another token");
        let elsewhere = served.get_with(
            &path,
            &[("X-Clic-Token", &token), ("Origin", "http://evil.example")],
        );
        assert_eq!(elsewhere.status, 403, "{path} from another origin");
    }

    let count = served.get_with(
        &format!("/verifica/{id}/corretto.json"),
        &[("X-Clic-Token", &token)],
    );
    assert_eq!(count.status, 200, "{}", count.body_text());
    assert_eq!(count.json()["files"], 11, "misto.zip has 11 repairable files");
    assert_eq!(count.json()["name"], "misto-corretto.zip");

    let zip = served.get_with(&format!("/verifica/{id}/corretto"), &[("X-Clic-Token", &token)]);
    assert_eq!(zip.status, 200, "{}", zip.body_text());
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let disposition = zip.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"misto-corretto.zip\""),
        "{disposition}"
    );
    assert!(zip.body.starts_with(b"PK"), "a zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    assert_eq!(archive.len(), 19, "every entry of the upload, repaired or not");
    assert_ne!(zip.body, misto, "the repairs are in");
    assert!(archive.by_name("leggimi.txt").is_ok());

    // An unknown run: not found, once the token is right.
    let unknown = served.get_with("/verifica/nessuno/corretto", &[("X-Clic-Token", &token)]);
    assert_eq!(unknown.status, 404);
}

/// An archive with one file a repair fixes (two Italian dates) and one it
/// cannot (a missing surname), each KO for that one reason.
fn one_repairable_one_not() -> Vec<u8> {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for name in ["data-italiana.xml", "manca-il-cognome.xml"] {
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer
            .write_all(&std::fs::read(fixtures().join("fix").join(name)).unwrap())
            .unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

#[test]
fn the_reports_list_the_repairs_whatever_the_page_asked_first() {
    // Two render turns: three reports at once, none of which may wait on
    // a second turn for the repair.
    let served = Served::start(&["--max-verifiche", "1"]);
    let answer = served.upload(&[("due.zip", &one_repairable_one_not())], &served.token());
    assert_eq!(answer.status, 202, "{}", answer.body_text());
    let id = answer.json()["id"].as_str().unwrap().to_string();
    // corretto.json is never asked: the reports make the repair themselves.
    let [json, html, xlsx] = std::thread::scope(|scope| {
        ["json", "html", "xlsx"]
            .map(|format| scope.spawn(|| served.report(&id, format)))
            .map(|h| h.join().unwrap())
    });
    for (format, answer) in [("json", &json), ("html", &html), ("xlsx", &xlsx)] {
        assert_eq!(answer.status, 200, "{format}: {}", answer.body_text());
    }

    let report = json.json();
    let schema = std::fs::read_to_string(fixtures().join("../schemas/report.schema.json")).unwrap();
    let schema = jsonschema::validator_for(&parsed(&schema)).unwrap();
    let errors: Vec<String> = schema.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "the report's schema: {errors:?}");
    let mut broken = report.clone();
    broken["repairs"][0]["code"] = "CL0101".into();
    assert!(!schema.is_valid(&broken), "the schema knows the repairs' codes");
    assert_eq!(report["summary"]["ko"], 2, "the findings are the upload's");
    assert_eq!(report["repaired_files"], 1);
    let repairs = report["repairs"].as_array().unwrap();
    assert!(
        repairs.iter().any(|r| r["file"] == "data-italiana.xml"
            && r["code"] == "CL1006"
            && r["before"] == "12/08/1995"
            && r["after"] == "1995-08-12"
            && r["line"] == 9
            && r["path"] == "/Candidatura/Lavoratore/DatiAnagrafici/datanascita"),
        "{repairs:?}"
    );
    assert!(
        repairs.iter().all(|r| r["file"] == "data-italiana.xml"),
        "{repairs:?}"
    );
    let verdicts = report["repair_verdicts"].as_array().unwrap();
    let verdict = |file: &str| {
        let v = verdicts.iter().find(|v| v["file"] == file).unwrap();
        (v["before"].as_str().unwrap(), v["after"].as_str().unwrap())
    };
    assert_eq!(verdict("data-italiana.xml"), ("KO", "OK"));
    assert_eq!(verdict("manca-il-cognome.xml"), ("KO", "KO"));
    assert_eq!(
        report["after_repair"],
        serde_json::json!({"files": 2, "ok": 1, "ko": 1})
    );

    let page = html.body_text();
    let section = &page[page
        .find("<section id=\"correzioni\">")
        .expect("the «Correzioni» section")..];
    for expected in [
        "<h2>Correzioni</h2>",
        "<code>12/08/1995</code>",
        "<code>1995-08-12</code>",
        "CL1006",
        "CL1099",
        "vanno corretti a mano",
        "<span class=\"ko\">KO</span> → <span class=\"ok\">OK</span>",
    ] {
        assert!(section.contains(expected), "{expected} in {section}");
    }
    assert!(
        page.contains("<a href=\"#correzioni\">L&#39;archivio corretto corregge 1 file (2 correzioni): 2 KO prima, 1 KO dopo la correzione.</a>"),
        "{page}"
    );

    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.body.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Problemi", "Riepilogo", "Correzioni"]);
    let sheet = book.worksheet_range("Correzioni").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(
        rows.iter().any(|r| r[1] == "data-italiana.xml"
            && r[3] == "OK"
            && r[7] == "CL1006"
            && r[9] == "12/08/1995"
            && r[10] == "1995-08-12"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r[1] == "manca-il-cognome.xml" && r[3] == "KO" && r[7] == "CL1099"),
        "{rows:?}"
    );

    // The same report however often, and in English with lang=en.
    assert_eq!(served.report(&id, "json").body, json.body);
    let english = served
        .get(&format!("/verifica/{id}/rapporto.html?lang=en"))
        .body_text();
    assert!(english.contains("<h2>Repairs</h2>") && english.contains("must be fixed by hand"));
    // CSV: each repair as a note after its file's findings.
    let csv = served.report(&id, "csv").body_text();
    let lines: Vec<&str> = csv.lines().collect();
    let at = |wanted: &dyn Fn(&str) -> bool| {
        lines
            .iter()
            .position(|l| wanted(l))
            .unwrap_or_else(|| panic!("{csv}"))
    };
    let date = at(&|l| l.contains(",CL1006,note,"));
    let finding = at(&|l| l.starts_with("due.zip,data-italiana.xml,9,"));
    assert!(finding < date, "{csv}");
    assert!(csv.contains(",CL1099,note,"), "{csv}");
}

/// With one render turn in all (a setting the command line never makes,
/// the library allows it), a report that must first make the repaired
/// copy makes it in its own turn: it never waits on a second one.
#[test]
fn one_render_turn_is_enough_for_a_report_that_repairs_first() {
    use clic::checks::Context;
    use clic::serve::{Server, Settings};
    let ctx = Context {
        compiled: clic::schema::compiled::CompiledSet::builtin(),
        limits: clic::input::limits::Limits::default(),
        rules: clic::rules::RuleContext {
            tables: clic::tabelle::Tabelle::builtin(),
            modalita: clic::rules::Modalita::Massiva,
        },
    };
    let settings = Settings {
        address: "127.0.0.1:0".parse().unwrap(),
        max_checks: 1,
        max_renders: 1,
        http: clic::serve::http::HttpLimits::default(),
        lang: clic::i18n::Lang::It,
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let server = Server::bind(settings, ctx, pool, Box::new(clic::report::serve::Renderer)).unwrap();
    let address = server.address().to_string();
    let stopper = server.stopper();
    let running = std::thread::spawn(move || server.run());

    let get = |path: &str| {
        serve_support::raw_to(
            &address,
            format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    };
    let page = get("/").body_text();
    let at = page.find("name=\"clic-token\" content=\"").unwrap() + 27;
    let token = &page[at..at + page[at..].find('"').unwrap()];
    let body = serve_support::multipart(&[("due.zip", &one_repairable_one_not())]);
    let mut upload = format!(
        "POST /verifica HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\nX-Clic-Token: {token}\r\nContent-Type: {BOUNDARY_TYPE}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    upload.extend_from_slice(&body);
    let answer = serve_support::raw_to(&address, &upload);
    assert_eq!(answer.status, 202, "{}", answer.body_text());
    let id = answer.json()["id"].as_str().unwrap().to_string();
    let report = get(&format!("/verifica/{id}/rapporto.json"));
    assert_eq!(report.status, 200, "{}", report.body_text());
    assert_eq!(report.json()["repaired_files"], 1);
    // And once more, the repaired copy kept: the same report.
    assert_eq!(get(&format!("/verifica/{id}/rapporto.json")).body, report.body);
    stopper.stop();
    running.join().unwrap();
}

#[test]
fn downloads_are_attachments_in_each_format() {
    let served = Served::start(&[]);
    let id = upload_example(&served, &served.token());
    for (format, content_type, starts) in [
        ("html", "text/html", &b"<!DOCTYPE html>"[..]),
        ("xlsx", "application/vnd.openxmlformats", &b"PK"[..]),
        ("csv", "text/csv", &b""[..]),
        ("json", "application/json", &b"{"[..]),
    ] {
        let answer = served.get(&format!("/verifica/{id}/rapporto.{format}?scarica=1"));
        assert_eq!(answer.status, 200, "{format}");
        assert!(
            answer.header("content-type").unwrap().starts_with(content_type),
            "{format}"
        );
        assert!(answer.body.starts_with(starts), "{format}");
        // Named after what was checked, not `clic-rapporto` whatever it was.
        let disposition = answer.header("content-disposition").unwrap();
        assert!(
            disposition.starts_with(&format!("attachment; filename=\"esempio-rapporto.{format}\"")),
            "{disposition}"
        );
    }
}

#[test]
fn downloads_keep_the_name_of_what_was_checked_accents_and_spaces_too() {
    let served = Served::start(&[]);
    let answer = served.upload(
        &[("CV studenti 2026 – Università.zip", &example())],
        &served.token(),
    );
    let id = answer.json()["id"].as_str().unwrap().to_string();
    let xlsx = served.get(&format!("/verifica/{id}/rapporto.xlsx?scarica=1"));
    let disposition = xlsx.header("content-disposition").unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"CV studenti 2026 _ Universit_-rapporto.xlsx\"; \
         filename*=UTF-8''CV%20studenti%202026%20%E2%80%93%20Universit%C3%A0-rapporto.xlsx"
    );
}

/// A folder chosen on the page arrives as its files, each named with the
/// folder's path (the page sends only the name of a file that is not .xml):
/// the report notes and warns about the same files as for the same folder
/// zipped.
#[test]
fn a_folder_upload_gets_the_notes_and_warnings_of_the_same_files_zipped() {
    let valid = std::fs::read(fixtures().join("validi/candidatura.xml")).unwrap();
    let names = [
        "CV 2026/rossi.xml",
        "CV 2026/Thumbs.db",
        "CV 2026/elenco studenti.xlsx",
        "CV 2026/~$elenco studenti.xlsx",
        "CV 2026/vecchi/bianchi.xml",
    ];
    let folder: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (*n, if n.ends_with(".xml") { &valid[..] } else { &b""[..] }))
        .collect();
    let zipped: Vec<(String, Vec<u8>)> = folder
        .iter()
        .map(|(n, b)| (n.trim_start_matches("CV 2026/").to_string(), b.to_vec()))
        .collect();
    let zip_bytes = {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in &zipped {
            writer
                .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    };
    let served = Served::start(&[]);
    let token = served.token();
    let report_of = |files: &[(&str, &[u8])]| {
        let answer = served.upload(files, &token);
        assert_eq!(answer.status, 202, "{}", answer.body_text());
        let id = answer.json()["id"].as_str().unwrap().to_string();
        served.report(&id, "json").json()
    };
    let from_folder = report_of(&folder);
    let from_zip = report_of(&[("CV 2026.zip", &zip_bytes)]);
    let said = |report: &serde_json::Value| {
        let inputs = report["inputs"].as_array().unwrap();
        assert_eq!(inputs.len(), 1, "one input: {report}");
        inputs[0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{} {}", d["code"], d["message"]))
            .collect::<Vec<_>>()
    };
    let notes = said(&from_folder);
    assert_eq!(notes, said(&from_zip));
    assert_eq!(
        notes.len(),
        3,
        "Thumbs.db, the workbook and its lock file: {notes:?}"
    );
    assert_eq!(from_folder["inputs"][0]["kind"], "folder");
    assert_eq!(from_folder["summary"], from_zip["summary"]);
    assert_eq!(from_folder["summary"]["files"], 2);
}

#[test]
fn every_answer_forbids_other_origins() {
    let served = Served::start(&[]);
    let page = served.get("/");
    assert_eq!(page.status, 200);
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(!policy.contains("http"), "no other origin is allowed: {policy}");
    let html = page.body_text();
    assert!(html.contains("<html lang=\"it\">"), "Italian by default");
    let english = served.get("/?lang=en").body_text();
    assert!(english.contains("<html lang=\"en\">"), "English on request");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing loaded from elsewhere"
    );
    let script = served.get("/pagina.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-security-policy").is_some());
}

#[test]
fn a_host_other_than_the_served_address_is_refused() {
    let served = Served::start(&[]);
    let port = served.address.rsplit(':').next().unwrap().to_string();
    let ask = |host: &str| {
        served.raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes())
    };
    let rebound = ask(&format!("attacker.example:{port}"));
    assert_eq!(rebound.status, 403);
    assert_eq!(rebound.json()["error"], "host");
    assert!(
        !rebound.body_text().contains("clic-token"),
        "the token never reaches another name"
    );
    assert_eq!(
        ask(&format!("127.0.0.1:{}", port.parse::<u16>().unwrap() + 1)).status,
        403
    );
    assert_eq!(ask(&format!("localhost:{port}")).status, 200);
    let no_host = served.raw(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(no_host.status, 403);
}

#[test]
fn an_upload_needs_this_starts_token_and_the_pages_origin() {
    let served = Served::start(&[]);
    let token = served.token();
    let body = serve_support::multipart(&[("esempio.zip", &example())]);
    let post = |headers: &[(&str, &str)]| served.post("/verifica", headers, &body);

    let none = post(&[("Content-Type", BOUNDARY_TYPE)]);
    assert_eq!((none.status, none.json()["error"].as_str()), (403, Some("token")));
    assert!(
        none.json()["message"]
            .as_str()
            .unwrap()
            .contains("ricarica la pagina")
    );

    let other = Served::start(&[]).token();
    assert_ne!(other, token, "a token is made at each start");
    let stale = post(&[("Content-Type", BOUNDARY_TYPE), ("X-Clic-Token", &other)]);
    assert_eq!(stale.status, 403);

    let elsewhere = post(&[
        ("Content-Type", BOUNDARY_TYPE),
        ("X-Clic-Token", &token),
        ("Origin", "http://attacker.example"),
    ]);
    assert_eq!(
        (elsewhere.status, elsewhere.json()["error"].as_str()),
        (403, Some("origin"))
    );

    let page_origin = format!("http://{}", served.address);
    let from_page = post(&[
        ("Content-Type", BOUNDARY_TYPE),
        ("X-Clic-Token", &token),
        ("Origin", &page_origin),
    ]);
    assert_eq!(from_page.status, 202, "{}", from_page.body_text());
}

#[test]
fn an_upload_past_the_limits_is_refused_with_the_limit_named() {
    let served = Served::start(&["--max-total-bytes", "100KiB", "--max-entries", "2"]);
    let token = served.token();
    let big = vec![b'x'; 400 << 10];
    let answer = served.upload(&[("grande.xml", &big)], &token);
    assert_eq!(answer.status, 413);
    let message = answer.json()["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("100 KiB") && message.contains("--max-total-bytes"),
        "{message}"
    );

    let three = [("a.xml", &b"<a/>"[..]), ("b.xml", b"<b/>"), ("c.xml", b"<c/>")];
    let answer = served.upload(&three, &token);
    assert_eq!(
        (answer.status, answer.json()["error"].as_str()),
        (413, Some("too-many-files"))
    );

    // Still serving, and within the limits an upload is checked.
    assert_eq!(served.upload(&three[..2], &token).status, 202);
}

#[test]
fn a_broken_multipart_body_gets_a_4xx_and_the_server_goes_on() {
    let served = Served::start(&[]);
    let token = served.token();
    let mut cut = serve_support::multipart(&[("esempio.zip", &example())]);
    cut.truncate(300);
    let broken = served.post(
        "/verifica",
        &[("Content-Type", BOUNDARY_TYPE), ("X-Clic-Token", &token)],
        &cut,
    );
    assert_eq!(
        (broken.status, broken.json()["error"].as_str()),
        (400, Some("malformed"))
    );

    let not_multipart = served.post(
        "/verifica",
        &[("Content-Type", "text/plain"), ("X-Clic-Token", &token)],
        b"x",
    );
    assert_eq!(not_multipart.status, 415);

    let garbage = served.raw(b"\x00\x01 not http at all\r\n\r\n");
    assert!((400..500).contains(&garbage.status), "{}", garbage.status);

    assert_eq!(served.get("/nowhere").status, 404);
    assert_eq!(served.get("/verifica/0000/rapporto.json").status, 404);
    assert_eq!(served.get("/verifica").status, 405);
    assert_eq!(served.get("/").status, 200, "the server is still up");
}

#[test]
fn two_uploads_at_once_each_get_their_own_report() {
    let served = Served::start(&[]);
    let token = served.token();
    let expected = verify_json("it");
    std::thread::scope(|scope| {
        let first = scope.spawn(|| upload_example(&served, &token));
        let second = scope.spawn(|| upload_example(&served, &token));
        let (a, b) = (first.join().unwrap(), second.join().unwrap());
        assert_ne!(a, b);
        let (ra, rb) = std::thread::scope(|inner| {
            let ra = inner.spawn(|| served.report(&a, "json").json());
            let rb = inner.spawn(|| served.report(&b, "json").json());
            (ra.join().unwrap(), rb.join().unwrap())
        });
        assert_eq!(without_fixes(ra), parsed(&expected));
        assert_eq!(without_fixes(rb), parsed(&expected));
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    use std::io::Read;
    let mut served = Served::start(&[]);
    assert_eq!(served.get("/").status, 200);
    let pid = served.child.id() as i32;
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "clic serve did not stop on Ctrl-C"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    served.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(stderr.contains("fermato"), "{stderr}");
}

#[test]
fn another_address_only_on_request_and_with_a_warning() {
    use std::io::Read;
    let mut served = Served::start(&["--indirizzo", "0.0.0.0"]);
    let port = served.address.rsplit(':').next().unwrap().to_string();
    let asked = served
        .raw(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!(asked.status, 200, "an IP literal with the port names this server");
    let rebound = served.raw(
        format!("GET / HTTP/1.1\r\nHost: rebound.example:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(rebound.status, 403);
    let _ = served.child.kill();
    let _ = served.child.wait();
    let mut stderr = String::new();
    served.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(
        stderr.contains("attenzione") && stderr.contains("0.0.0.0"),
        "{stderr}"
    );

    // By default: loopback, and no warning.
    let default = Served::start(&[]);
    assert!(default.address.starts_with("127.0.0.1:"), "{}", default.address);
}

#[test]
fn checks_past_max_verifiche_are_answered_busy() {
    let served = Served::start(&["--max-verifiche", "1"]);
    let token = served.token();
    // A check of 3,000 files holds the only slot for a while.
    let long = served.upload(&[("tante.zip", &serve_support::many_documents(3000))], &token);
    assert_eq!(long.status, 202, "{}", long.body_text());
    let long = long.json()["id"].as_str().unwrap().to_string();
    let busy = served.upload(&[("esempio.zip", &example())], &token);
    let finished = &served.get(&format!("/verifica/{long}")).json()["finished"];
    assert_eq!(
        (busy.status, busy.json()["error"].as_str()),
        (503, Some("busy")),
        "the long check had finished by now: {finished}"
    );
    assert_eq!(busy.header("retry-after"), Some("2"));
    // Once it is done, the slot is free again.
    assert_eq!(served.report(&long, "json").status, 200);
    assert_eq!(served.upload(&[("esempio.zip", &example())], &token).status, 202);
}

/// 300 MB: the size that would show a body read into memory.
const LARGE_BODY: u64 = 300_000_000;

#[cfg(target_os = "linux")]
#[test]
fn a_large_body_without_the_token_is_refused_without_being_read() {
    let served = Served::start(&[]);
    let head = served.upload_head(LARGE_BODY, &[]);
    let (sent, answer) = served.stream(head.as_bytes(), LARGE_BODY);
    if let Some(answer) = &answer {
        assert_eq!(
            (answer.status, answer.json()["error"].as_str()),
            (403, Some("token"))
        );
    }
    assert!(
        answer.is_some() || sent < LARGE_BODY,
        "neither answered nor cut: {sent} bytes taken"
    );
    let peak = served.peak_memory_mib();
    assert!(
        peak < 100,
        "peak memory {peak} MiB after a {LARGE_BODY}-byte refused body"
    );
    // A foreign origin, with the token, is refused the same way.
    let head = served.upload_head(
        LARGE_BODY,
        &[
            ("X-Clic-Token", &served.token()),
            ("Origin", "http://attacker.example"),
        ],
    );
    let (sent, answer) = served.stream(head.as_bytes(), LARGE_BODY);
    assert!(answer.is_some() || sent < LARGE_BODY);
    assert!(served.peak_memory_mib() < 100);
    assert_eq!(served.get("/").status, 200, "the server is still up");
}

#[cfg(target_os = "linux")]
#[test]
fn a_request_line_or_header_without_end_is_cut_at_a_few_kib() {
    let served = Served::start(&[]);
    let endless = 64u64 << 20;
    let (sent, answer) = served.stream(b"GET /", endless);
    if let Some(answer) = &answer {
        assert_eq!(answer.status, 431, "request head too large");
    }
    assert!(answer.is_some() || sent < endless, "{sent} bytes taken");
    let header = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Long: ", served.address);
    let (sent, answer) = served.stream(header.as_bytes(), endless);
    assert!(answer.is_some() || sent < endless, "{sent} bytes taken");
    let peak = served.peak_memory_mib();
    assert!(peak < 100, "peak memory {peak} MiB after a 64 MiB head");
    assert_eq!(served.get("/").status, 200, "the server is still up");
}

#[cfg(target_os = "linux")]
#[test]
fn an_upload_costs_about_its_own_size_in_memory() {
    let served = Served::start(&[]);
    let size: u64 = 200 << 20;
    let first = "------clic-test-boundary\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"grande.xml\"\r\nContent-Type: text/xml\r\n\r\n";
    let last = "\r\n------clic-test-boundary--\r\n";
    let length = first.len() as u64 + size + last.len() as u64;
    let mut head = served.upload_head(length, &[("X-Clic-Token", &served.token())]);
    head.push_str(first);
    let before = served.peak_memory_mib();
    let (sent, answer) = served.stream_between(head.as_bytes(), size, last.as_bytes());
    assert_eq!(sent, size);
    let answer = answer.expect("an answer");
    assert_eq!(answer.status, 202, "{}", answer.body_text());
    let grown = served.peak_memory_mib() - before;
    // The file's 200 MiB once, and the buffers around it (a copy between
    // the body, the multipart parser and the input would double it).
    eprintln!("a 200 MiB upload grew the peak by {grown} MiB");
    assert!(grown < 240, "a 200 MiB upload grew the peak by {grown} MiB");
}

#[test]
fn a_normal_upload_is_checked_while_two_others_trickle() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    // Short times for the test: a body must bring 1 KiB a second over
    // each 1-second window; a head must be in within 2 seconds.
    let served = Served::start_with(
        &[],
        &[
            ("CLIC_SERVE_BODY_WINDOW_MS", "1000"),
            ("CLIC_SERVE_BODY_MIN_RATE", "1024"),
            ("CLIC_SERVE_HEAD_TIMEOUT_MS", "2000"),
        ],
    );
    let token = served.token();
    let body = serve_support::multipart(&[("esempio.zip", &example())]);
    let head = served.upload_head(body.len() as u64, &[("X-Clic-Token", &token)]);
    let started = Instant::now();
    // Two uploads (all the default slots) send a byte every 2 seconds,
    // and a third connection its head; each says when the server cut it.
    let trickle = |first: Vec<u8>, then: Vec<u8>| {
        let mut stream = std::net::TcpStream::connect(&served.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        stream.write_all(&first).unwrap();
        let mut answer = Vec::new();
        for byte in then.iter().take(10) {
            let wait = Instant::now() + Duration::from_secs(2);
            while Instant::now() < wait {
                let mut buf = [0u8; 4096];
                match stream.read(&mut buf) {
                    Ok(0) => return (started.elapsed(), answer),
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                    Err(e)
                        if e.kind() == std::io::ErrorKind::WouldBlock
                            || e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => return (started.elapsed(), answer),
                }
            }
            if stream.write_all(&[*byte]).is_err() {
                return (started.elapsed(), answer);
            }
        }
        (started.elapsed(), answer)
    };
    std::thread::scope(|scope| {
        let slow = [
            scope.spawn(|| trickle(head.clone().into_bytes(), body.clone())),
            scope.spawn(|| trickle(head.clone().into_bytes(), body.clone())),
        ];
        let slow_head = scope.spawn(|| trickle(Vec::new(), head.clone().into_bytes()));
        std::thread::sleep(Duration::from_millis(500));
        let id = upload_example(&served, &token);
        assert_eq!(
            without_fixes(served.report(&id, "json").json()),
            parsed(&verify_json("it"))
        );
        for (i, handle) in slow.into_iter().enumerate() {
            let (cut_after, answer) = handle.join().unwrap();
            assert!(
                cut_after < Duration::from_secs(8),
                "trickle {i} cut after {cut_after:?}"
            );
            let answer = String::from_utf8_lossy(&answer);
            assert!(
                answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
                "trickle {i}: {answer}"
            );
        }
        let (cut_after, _) = slow_head.join().unwrap();
        assert!(
            cut_after < Duration::from_secs(8),
            "slow head cut after {cut_after:?}"
        );
    });
}

#[test]
fn max_entries_counts_the_files_inside_uploaded_archives() {
    let served = Served::start(&["--max-entries", "5"]);
    let token = served.token();
    let three = serve_support::many_documents(3);
    let answer = served.upload(&[("a.zip", &three), ("b.zip", &three)], &token);
    assert_eq!(
        (answer.status, answer.json()["error"].as_str()),
        (413, Some("too-many-files")),
        "two uploaded parts, six files"
    );
    let message = answer.json()["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("5") && message.contains("--max-entries"),
        "{message}"
    );
    let answer = served.upload(
        &[("a.zip", &three), ("d.xml", b"<d/>"), ("e.xml", b"<e/>")],
        &token,
    );
    assert_eq!(answer.status, 202, "five files in all: {}", answer.body_text());
    assert_eq!(answer.json()["total"], 5);
}

#[test]
fn an_upload_without_a_declared_length_is_refused_before_it_is_read() {
    let served = Served::start(&[]);
    let token = served.token();
    let answer = served.raw(
        format!(
            "POST /verifica HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {BOUNDARY_TYPE}\r\nX-Clic-Token: {token}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            served.address
        )
        .as_bytes(),
    );
    assert_eq!(
        (answer.status, answer.json()["error"].as_str()),
        (411, Some("length-required"))
    );
}

#[test]
fn a_burst_of_report_downloads_past_the_render_slots_is_answered_busy() {
    // One check slot: two renders at once, sixteen more waiting.
    let served = Served::start(&["--max-verifiche", "1"]);
    let token = served.token();
    let answer = served.upload(&[("tante.zip", &serve_support::many_documents(3000))], &token);
    assert_eq!(answer.status, 202, "{}", answer.body_text());
    let id = answer.json()["id"].as_str().unwrap().to_string();
    let expected = served.report(&id, "json");
    assert_eq!(expected.status, 200);
    let burst = 40;
    let answers: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..burst)
            .map(|_| scope.spawn(|| served.report(&id, "json")))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let busy = answers.iter().filter(|a| a.status == 503).count();
    for answer in &answers {
        match answer.status {
            200 => assert!(answer.body == expected.body, "every report sent is whole"),
            503 => {
                assert_eq!(answer.json()["error"], "renders-busy");
                assert_eq!(answer.header("retry-after"), Some("2"));
            }
            other => panic!("status {other}: {}", answer.body_text()),
        }
    }
    assert!(busy > 0, "{burst} downloads at once, none refused");
    assert!(busy < burst, "renders within the limit are served");
}
