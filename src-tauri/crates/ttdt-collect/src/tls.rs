//! The TLS certificate of a site: a verifying handshake, and when it fails, a second handshake
//! that accepts anything, only to show the certificate that was refused.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use time::OffsetDateTime;

use ttdt_snapshot::TlsInfo;

#[derive(Debug)]
struct AcceptAny(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

async fn handshake(
    config: rustls::ClientConfig,
    host: &str,
    addrs: &[SocketAddr],
    timeout: Duration,
) -> Result<(Option<Vec<u8>>, Option<String>), String> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| format!("bad server name: {e}"))?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let mut last = "no address".to_string();
    for addr in addrs {
        let attempt = async {
            let tcp = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("connect: {e}"))?;
            let tls = connector.connect(name.clone(), tcp).await.map_err(|e| format!("tls: {e}"))?;
            let conn = tls.get_ref().1;
            let cert = conn.peer_certificates().and_then(|c| c.first()).map(|c| c.as_ref().to_vec());
            let version = conn.protocol_version().map(|v| format!("{v:?}"));
            Ok::<_, String>((cert, version))
        };
        match tokio::time::timeout(timeout, attempt).await {
            Ok(Ok(r)) => return Ok(r),
            Ok(Err(e)) => last = e,
            Err(_) => last = "timeout".into(),
        }
    }
    Err(last)
}

fn describe(der: &[u8], info: &mut TlsInfo) {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else { return };
    info.subject = Some(cert.subject().to_string());
    info.issuer = Some(cert.issuer().to_string());
    info.not_before = OffsetDateTime::from_unix_timestamp(cert.validity().not_before.timestamp()).ok();
    info.not_after = OffsetDateTime::from_unix_timestamp(cert.validity().not_after.timestamp()).ok();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for n in &san.value.general_names {
            if let x509_parser::extensions::GeneralName::DNSName(d) = n {
                info.names.push(d.to_string());
            }
        }
    }
}

/// Connects to the host's HTTPS port and reports its certificate.
pub async fn probe(host: &str, addrs: &[SocketAddr], roots: Arc<rustls::RootCertStore>, timeout: Duration) -> TlsInfo {
    // A server that speaks TLS answers a hello at once; waiting longer only delays the scan.
    let timeout = timeout.min(Duration::from_secs(5));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut info = TlsInfo::default();
    let Ok(builder) = rustls::ClientConfig::builder_with_provider(provider.clone()).with_safe_default_protocol_versions() else {
        info.error = Some("tls configuration".into());
        return info;
    };
    let verifying = builder.with_root_certificates(roots).with_no_client_auth();
    match handshake(verifying, host, addrs, timeout).await {
        Ok((cert, version)) => {
            info.verified = true;
            info.protocol = version;
            if let Some(der) = cert {
                describe(&der, &mut info);
            }
        }
        Err(e) => {
            // No TLS server there at all (refused, silent): nothing to show.
            let no_server = e.starts_with("connect:") || e == "timeout" || e == "no address";
            info.error = Some(e);
            if no_server {
                return info;
            }
            if let Ok(b) = rustls::ClientConfig::builder_with_provider(provider.clone()).with_safe_default_protocol_versions() {
                let lax = b.dangerous().with_custom_certificate_verifier(Arc::new(AcceptAny(provider))).with_no_client_auth();
                if let Ok((Some(der), version)) = handshake(lax, host, addrs, timeout).await {
                    info.protocol = version;
                    describe(&der, &mut info);
                }
            }
        }
    }
    info
}
