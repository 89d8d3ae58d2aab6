//! The host's addresses, and whether its IPv6 address answers from here.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use super::CollectConfig;
use ttdt_snapshot::{DnsInfo, Ipv6Probe};

/// The addresses of `host`: a literal address, a fixed answer of the configuration, or the
/// system resolver's (within 10 seconds).
pub(crate) async fn resolve(cfg: &CollectConfig, host: &str, port: u16) -> DnsInfo {
    let mut info = DnsInfo::default();
    let addrs: Vec<IpAddr> = if let Ok(ip) = host.trim_matches(['[', ']']).parse::<IpAddr>() {
        vec![ip]
    } else if let Some(fixed) = cfg.resolve.get(host) {
        info.fixed = true;
        fixed.clone()
    } else {
        match tokio::time::timeout(Duration::from_secs(10), tokio::net::lookup_host((host, port))).await {
            Ok(Ok(it)) => it.map(|a| a.ip()).collect(),
            Ok(Err(e)) => {
                info.error = Some(e.to_string());
                Vec::new()
            }
            Err(_) => {
                info.error = Some("dns timeout".into());
                Vec::new()
            }
        }
    };
    for a in addrs {
        match a {
            IpAddr::V4(v4) => info.v4.push(v4.to_string()),
            IpAddr::V6(v6) => info.v6.push(v6.to_string()),
        }
    }
    info.v4.dedup();
    info.v6.dedup();
    if info.error.is_none() && info.v4.is_empty() && info.v6.is_empty() {
        info.error = Some("no address".into());
    }
    info
}

/// Connection errors that say this machine has no IPv6 route, not that the site failed:
/// network unreachable, address not available, address family not supported.
#[cfg(unix)]
const NO_ROUTE_HERE: [i32; 3] = [libc::ENETUNREACH, libc::EADDRNOTAVAIL, libc::EAFNOSUPPORT];

/// Winsock's WSAENETUNREACH, WSAEADDRNOTAVAIL and WSAEAFNOSUPPORT.
#[cfg(not(unix))]
const NO_ROUTE_HERE: [i32; 3] = [10051, 10049, 10047];

/// A TCP connection to the IPv6 address, within 3 seconds.
pub(crate) async fn probe_ipv6(addr: &str, port: u16) -> Ipv6Probe {
    let mut probe = Ipv6Probe { address: addr.to_string(), answered: false, no_route_here: false, error: None };
    let Ok(ip) = addr.parse::<IpAddr>() else {
        probe.error = Some("bad address".into());
        return probe;
    };
    match tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(SocketAddr::new(ip, port))).await {
        Ok(Ok(_)) => probe.answered = true,
        Ok(Err(e)) => {
            probe.no_route_here = e.raw_os_error().is_some_and(|code| NO_ROUTE_HERE.contains(&code));
            probe.error = Some(e.to_string());
        }
        Err(_) => probe.error = Some("timeout".into()),
    }
    probe
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn no_route_codes_are_the_linux_numbers() {
        assert_eq!(super::NO_ROUTE_HERE, [101, 99, 97]);
    }
}
