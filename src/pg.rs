//! Connections to PostgreSQL for `import --db` (the records) and
//! `--ledger` (the ledger kept in a database): what `psql` accepts as a
//! CONNINFO (a `postgresql://` URL or libpq `key=value` words, Unix
//! sockets included), the password from the URL, `PGPASSWORD` or
//! `~/.pgpass` (`PGPASSFILE`), and TLS as `sslmode` asks, verified with
//! the platform's certificates as `--send` does.
//!
//! The synchronous `postgres` client suits the code's threads; each
//! thread opens its own connection.

use std::path::PathBuf;
use std::str::FromStr;

pub use postgres::Client;

/// Why a database could not be used: where (a description without the
/// password) and the server's or the library's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgError {
    pub target: String,
    pub reason: String,
}

/// Whether an argument names a PostgreSQL database rather than a file: a
/// `postgres://` or `postgresql://` URL, or libpq words (`host=… dbname=…`).
pub fn is_conninfo(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    if lower.starts_with("postgresql://") || lower.starts_with("postgres://") {
        return true;
    }
    // `key=value` with a libpq key first: a file name is rarely that.
    lower
        .split_once('=')
        .map(|(key, _)| key.trim())
        .is_some_and(|key| {
            [
                "host",
                "hostaddr",
                "port",
                "dbname",
                "user",
                "password",
                "sslmode",
                "service",
                "application_name",
                "connect_timeout",
                "options",
            ]
            .contains(&key)
        })
}

/// A database as messages name it: `dbname@host`, never the password.
pub fn describe(conninfo: &str) -> String {
    match parse(conninfo) {
        Ok(config) => {
            let db = config.get_dbname().unwrap_or_default();
            let host = config
                .get_hosts()
                .first()
                .map(|h| match h {
                    postgres::config::Host::Tcp(name) => name.clone(),
                    #[cfg(unix)]
                    postgres::config::Host::Unix(path) => path.display().to_string(),
                })
                .unwrap_or_default();
            format!("postgresql {db}@{host}")
        }
        Err(_) => "postgresql".to_string(),
    }
}

/// The conninfo parsed, with libpq's defaults the library lacks: the
/// `sslmode` values it does not know (rustls always verifies the server's
/// certificate and name, so `verify-ca` and `verify-full` are `require`,
/// `allow` is `prefer`), the Unix socket folder when no host is given,
/// and the password from `PGPASSWORD` or the password file.
fn parse(conninfo: &str) -> Result<postgres::Config, String> {
    let rewritten = conninfo
        .replace("sslmode=verify-full", "sslmode=require")
        .replace("sslmode=verify-ca", "sslmode=require")
        .replace("sslmode=allow", "sslmode=prefer");
    let mut config = postgres::Config::from_str(&rewritten).map_err(|e| e.to_string())?;
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        match std::env::var("PGHOST") {
            Ok(host) if !host.is_empty() => {
                config.host(&host);
            }
            _ if cfg!(unix) => {
                config.host("/var/run/postgresql");
            }
            _ => {
                config.host("localhost");
            }
        }
    }
    if config.get_user().is_none()
        && let Ok(user) = std::env::var("PGUSER")
        && !user.is_empty()
    {
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Ok(db) = std::env::var("PGDATABASE")
        && !db.is_empty()
    {
        config.dbname(&db);
    }
    if config.get_password().is_none() {
        if let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty()) {
            config.password(password.to_string_lossy().as_bytes());
        } else if let Some(password) = from_password_file(&config) {
            config.password(password.as_bytes());
        }
    }
    Ok(config)
}

/// The password for this connection in `~/.pgpass` (or `PGPASSFILE`):
/// lines `host:port:database:user:password`, `*` matching anything, `\`
/// escaping `:` and `\`. As libpq, a Unix socket matches `localhost`.
fn from_password_file(config: &postgres::Config) -> Option<String> {
    let path = match std::env::var_os("PGPASSFILE") {
        Some(path) => PathBuf::from(path),
        None => {
            let home = std::env::var_os("HOME").or_else(|| std::env::var_os("APPDATA"))?;
            let name = if cfg!(windows) {
                "postgresql/pgpass.conf"
            } else {
                ".pgpass"
            };
            PathBuf::from(home).join(name)
        }
    };
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first()? {
        postgres::config::Host::Tcp(name) => name.clone(),
        #[cfg(unix)]
        postgres::config::Host::Unix(_) => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let user = config
        .get_user()
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let db = config
        .get_dbname()
        .map(str::to_string)
        .unwrap_or_else(|| user.clone());
    let wanted = [host.as_str(), port.as_str(), db.as_str(), user.as_str()];
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = password_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want);
            matches.then(|| fields[4].clone())
        })
}

fn password_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && let Some(field) = fields.last_mut()
                {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

/// Opens a connection. TLS as `sslmode` asks, with libpq's meanings:
/// `disable` none; `prefer` (the default) and `require` encrypted without
/// checking whose certificate it is (as libpq: many servers have a
/// self-signed one); `verify-ca` and `verify-full` checked against the
/// platform's certificate store, host name included, as `--send` does.
/// Unix sockets never use TLS.
pub fn connect(conninfo: &str) -> Result<Client, PgError> {
    let fail = |reason: String| PgError {
        target: describe(conninfo),
        reason,
    };
    let config = parse(conninfo).map_err(fail)?;
    let verify = conninfo.contains("sslmode=verify-full") || conninfo.contains("sslmode=verify-ca");
    let client = match config.get_ssl_mode() {
        postgres::config::SslMode::Disable => config.connect(postgres::NoTls),
        _ if verify => {
            use rustls_platform_verifier::ConfigVerifierExt;
            let tls = rustls::ClientConfig::with_platform_verifier().map_err(|e| fail(e.to_string()))?;
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        }
        _ => {
            let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
            let tls = rustls::ClientConfig::builder_with_provider(provider.clone())
                .with_safe_default_protocol_versions()
                .map_err(|e| fail(e.to_string()))?
                .dangerous()
                .with_custom_certificate_verifier(std::sync::Arc::new(EncryptOnly(provider)))
                .with_no_client_auth();
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        }
    };
    client.map_err(|e| fail(error_text(&e)))
}

/// `sslmode=prefer|require`: the connection is encrypted and the server
/// proves it holds its certificate's key, but whose certificate it is is
/// not checked (libpq's meaning of these modes; `verify-full` checks it).
#[derive(Debug)]
struct EncryptOnly(std::sync::Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The server's own message when there is one (its code, message and
/// detail), else the library's.
pub fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = format!("{} ({})", db.message(), db.code().code());
            if let Some(detail) = db.detail() {
                text.push_str(": ");
                text.push_str(detail);
            }
            text
        }
        None => {
            // The library's words, with their causes (a certificate the
            // platform does not trust, a refused connection...).
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(inner) = cause {
                text.push_str(": ");
                text.push_str(&inner.to_string());
                cause = inner.source();
            }
            text
        }
    }
}

/// A name quoted as an SQL identifier.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conninfos_are_told_from_file_names() {
        for yes in [
            "postgresql://u@h/db",
            "postgres://h/db",
            "host=/var/run/postgresql dbname=lavoro",
            "dbname=lavoro",
        ] {
            assert!(is_conninfo(yes), "{yes}");
        }
        for no in [
            "registro.sqlite",
            "/tmp/registro.sqlite",
            "C:\\dati\\registro.sqlite",
            "a=b.sqlite",
        ] {
            assert!(!is_conninfo(no), "{no}");
        }
    }

    #[test]
    fn descriptions_never_carry_the_password() {
        let text = describe("postgresql://anna:segreta@db.example.it:5433/lavoro");
        assert_eq!(text, "postgresql lavoro@db.example.it");
        let text = describe("host=/var/run/postgresql dbname=lavoro password=segreta");
        assert!(!text.contains("segreta"), "{text}");
    }

    #[test]
    fn password_file_lines_are_split_with_escapes() {
        assert_eq!(
            password_fields(r"db\:1:5432:*:anna:a\:b\\c"),
            ["db:1", "5432", "*", "anna", r"a:b\c"]
        );
    }

    #[test]
    fn sslmodes_libpq_knows_are_accepted() {
        for mode in [
            "disable",
            "allow",
            "prefer",
            "require",
            "verify-ca",
            "verify-full",
        ] {
            assert!(
                parse(&format!("host=h dbname=d sslmode={mode}")).is_ok(),
                "{mode}"
            );
        }
    }
}
