//! What a local server must refuse: a request addressed to another name
//! (DNS rebinding: a site whose name now points at 127.0.0.1), and an
//! upload that does not come from the page this server made (another
//! site posting to localhost). Each refusal is plain data; report/serve
//! says it.

/// The header the page sends its token in. A custom header also makes a
/// cross-origin `fetch` need a preflight, which this server never grants.
pub const TOKEN_HEADER: &str = "X-Clic-Token";

/// Why a request was refused before any work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No Host header, or one that is not the served address.
    Host(String),
    /// An Origin that is not the served page.
    Origin(String),
    /// An upload without this start's token, or with another one.
    Token,
}

/// The served address's accepted names and this start's token.
#[derive(Debug, Clone)]
pub struct Guard {
    hosts: Vec<String>,
    /// Bound to every interface (`--indirizzo 0.0.0.0`): its names are not
    /// known, so any IP literal with the port is accepted (rebinding needs
    /// a domain name, never an IP literal).
    any_ip: Option<u16>,
    token: String,
}

impl Guard {
    /// For a server listening on `address`: a loopback address also
    /// answers to `localhost`, the name a browser may be given.
    pub fn new(address: std::net::SocketAddr, token: String) -> Guard {
        let port = address.port();
        let mut hosts = vec![address.to_string()];
        if address.ip().is_loopback() {
            hosts.push(format!("localhost:{port}"));
        }
        let any_ip = address.ip().is_unspecified().then_some(port);
        Guard { hosts, any_ip, token }
    }

    fn names_this_server(&self, host: &str) -> bool {
        let host = host.trim();
        self.hosts.iter().any(|ok| ok.eq_ignore_ascii_case(host))
            || self.any_ip.is_some_and(|port| {
                host.parse::<std::net::SocketAddr>()
                    .is_ok_and(|a| a.port() == port)
            })
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Every request: the Host header names this server.
    pub fn host(&self, host: Option<&str>) -> Result<(), Refusal> {
        match host {
            Some(h) if self.names_this_server(h) => Ok(()),
            other => Err(Refusal::Host(other.unwrap_or_default().to_string())),
        }
    }

    /// A request that changes something (an upload): sent by this start's
    /// page, from this server's origin when the browser says one.
    pub fn upload(&self, origin: Option<&str>, token: Option<&str>) -> Result<(), Refusal> {
        if let Some(origin) = origin {
            let same = origin
                .strip_prefix("http://")
                .is_some_and(|rest| self.names_this_server(rest));
            if !same {
                return Err(Refusal::Origin(origin.to_string()));
            }
        }
        match token {
            Some(t) if constant_time_eq(t.trim().as_bytes(), self.token.as_bytes()) => Ok(()),
            _ => Err(Refusal::Token),
        }
    }
}

/// Compares without stopping at the first difference, so that timing
/// does not reveal how much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A fresh random token (128 bits, hex) from the operating system.
pub fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard::new("127.0.0.1:8765".parse().unwrap(), "abc123".into())
    }

    #[test]
    fn host_must_name_the_served_address() {
        let g = guard();
        assert!(g.host(Some("127.0.0.1:8765")).is_ok());
        assert!(g.host(Some("LOCALHOST:8765")).is_ok());
        assert_eq!(
            g.host(Some("evil.example:8765")),
            Err(Refusal::Host("evil.example:8765".into()))
        );
        assert!(g.host(Some("127.0.0.1:9999")).is_err());
        assert!(g.host(None).is_err());
    }

    #[test]
    fn bound_to_every_interface_any_ip_literal_with_the_port_is_this_server() {
        let g = Guard::new("0.0.0.0:8765".parse().unwrap(), "t".into());
        assert!(g.host(Some("192.168.1.20:8765")).is_ok());
        assert!(g.host(Some("[fe80::1]:8765")).is_ok());
        assert!(g.host(Some("192.168.1.20:8766")).is_err());
        assert!(g.host(Some("rebound.example:8765")).is_err());
        assert!(g.upload(Some("http://192.168.1.20:8765"), Some("t")).is_ok());
    }

    #[test]
    fn upload_needs_the_token_and_the_page_origin() {
        let g = guard();
        assert!(g.upload(Some("http://127.0.0.1:8765"), Some("abc123")).is_ok());
        assert!(g.upload(None, Some("abc123")).is_ok());
        assert_eq!(g.upload(None, Some("abc124")), Err(Refusal::Token));
        assert_eq!(g.upload(None, None), Err(Refusal::Token));
        assert_eq!(
            g.upload(Some("http://evil.example"), Some("abc123")),
            Err(Refusal::Origin("http://evil.example".into()))
        );
    }
}
