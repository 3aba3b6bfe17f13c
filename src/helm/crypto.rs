//! Sprig's key, certificate and password functions (`crypto.go`, sprig v3.3.0): PEM and DER
//! as Go's `encoding/pem`, `encoding/asn1` and `crypto/x509` write them, RSA signatures
//! (PKCS #1 v1.5 with SHA-256, as `x509.CreateCertificate` makes them) and bcrypt
//! (`golang.org/x/crypto/bcrypt`, cost 10, `$2a$`).
//!
//! Helm draws keys, serial numbers and salts from the system's random source; the chart
//! engine's functions are seeded instead (`--seed`), so output is reproducible. Keys come from
//! a fixed set of keys made once for the playground (`crypto/keys.der`) rather than being
//! generated (an RSA key takes seconds in a page): real keys, but public ones, so never to be
//! used for anything real. Certificates are made and signed here, so they parse and verify as
//! helm's do.
//!
//! `keys.der` is the keys' DER one after the other: four RSA 2048 keys and one RSA 4096 key
//! (PKCS #1, `openssl genrsa -traditional`), a P-256 key (SEC 1, `openssl ecparam -name
//! prime256v1 -genkey -noout`), an Ed25519 key (PKCS #8, `openssl genpkey -algorithm
//! ed25519`) and a DSA key with 2048-bit p and 256-bit q (`openssl genpkey -genparam
//! -algorithm DSA`, then `openssl genpkey -paramfile` and `openssl pkey -traditional`), made
//! with OpenSSL 3.

mod big;

use big::Big;

/// The keys `genPrivateKey`, `genCA`, `genSelfSignedCert` and `genSignedCert` hand out.
const POOL: &[u8] = include_bytes!("crypto/keys.der");

/// A PEM block: its type and its bytes.
pub struct Pem {
    pub kind: String,
    pub der: Vec<u8>,
}

/// `pem.Decode`: the first well-formed block in `text` (headers and text around it ignored).
pub fn pem_decode(text: &str) -> Option<Pem> {
    let mut rest = text;
    while let Some(at) = rest.find("-----BEGIN ") {
        let after = &rest[at + "-----BEGIN ".len()..];
        let end_of_type = after.find("-----")?;
        let kind = &after[..end_of_type];
        let body = &after[end_of_type + 5..];
        let end = format!("-----END {kind}-----");
        if !kind.contains('\n')
            && let Some(stop) = body.find(&end)
        {
            // The rest of the BEGIN line, then headers (`Key: value` lines up to a blank
            // line), which carry nothing we use.
            let mut b64 = String::new();
            let mut lines = body[..stop].lines().skip(1);
            if body[..stop].contains(':') {
                for l in lines.by_ref() {
                    if l.trim().is_empty() {
                        break;
                    }
                }
            }
            for l in lines {
                b64.extend(l.chars().filter(|c| !c.is_whitespace()));
            }
            if let Ok(der) = super::convert::base64_decode(&b64) {
                return Some(Pem {
                    kind: kind.to_string(),
                    der,
                });
            }
        }
        rest = after;
    }
    None
}

/// `pem.EncodeToMemory`: base64 in lines of 64.
pub fn pem_encode(kind: &str, der: &[u8]) -> String {
    let b64 = super::convert::base64_encode(der);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

// DER, as `encoding/asn1` writes it.

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A non-negative INTEGER from big-endian bytes.
fn integer(be: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = be.iter().copied().skip_while(|b| *b == 0).collect();
    let mut content = if trimmed.is_empty() { vec![0] } else { trimmed };
    if content[0] & 0x80 != 0 {
        content.insert(0, 0);
    }
    tlv(0x02, &content)
}

fn big(n: &Big) -> Vec<u8> {
    integer(&n.to_be())
}

fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut content = Vec::new();
    let mut push = |mut v: u64| {
        let mut bytes = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            bytes.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        bytes.reverse();
        content.extend(bytes);
    };
    push(arcs[0] * 40 + arcs[1]);
    for a in &arcs[2..] {
        push(*a);
    }
    tlv(0x06, &content)
}

fn bit_string(bytes: &[u8], unused: u8) -> Vec<u8> {
    let mut content = vec![unused];
    content.extend_from_slice(bytes);
    tlv(0x03, &content)
}

const NULL: [u8; 2] = [0x05, 0x00];
const RSA_ENCRYPTION: &[u64] = &[1, 2, 840, 113549, 1, 1, 1];
const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 11];

/// A DER reader: one element at a time.
struct Der<'a> {
    b: &'a [u8],
}

impl<'a> Der<'a> {
    /// The next element: its tag, its content and all its bytes.
    fn next(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
        let b = self.b;
        let tag = *b.first()?;
        let first = *b.get(1)? as usize;
        let (len, head) = if first < 0x80 {
            (first, 2)
        } else {
            let k = first & 0x7f;
            if k == 0 || k > 4 {
                return None;
            }
            let mut n = 0usize;
            for i in 0..k {
                n = (n << 8) | *b.get(2 + i)? as usize;
            }
            (n, 2 + k)
        };
        let end = head.checked_add(len)?;
        if end > b.len() {
            return None;
        }
        self.b = &b[end..];
        Some((tag, &b[head..end], &b[..end]))
    }

    fn take(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.next()? {
            (t, content, _) if t == tag => Some(content),
            _ => None,
        }
    }

    fn uint(&mut self) -> Option<Big> {
        self.take(0x02).map(Big::from_be)
    }
}

/// An RSA private key (PKCS #1), with the values its DER carries for the Chinese remainder
/// theorem.
#[derive(Clone)]
pub struct RsaKey {
    n: Big,
    e: Big,
    d: Big,
    p: Big,
    q: Big,
    dp: Big,
    dq: Big,
    qinv: Big,
}

impl RsaKey {
    /// `x509.ParsePKCS1PrivateKey`.
    fn from_pkcs1(der: &[u8]) -> Result<RsaKey, String> {
        let bad = || {
            "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".to_string()
        };
        let mut outer = Der { b: der };
        let body = outer.take(0x30).ok_or_else(bad)?;
        let mut d = Der { b: body };
        let _version = d.uint().ok_or_else(bad)?;
        let mut f = || d.uint().ok_or_else(bad);
        let (n, e, dd, p, q, dp, dq, qinv) = (f()?, f()?, f()?, f()?, f()?, f()?, f()?, f()?);
        // Bounds first (every operation below then has an odd modulus to work with), as Go's
        // `Validate` and its minimum and maximum key sizes refuse such keys.
        let three = Big::small(3);
        if p < three || q < three || e < three || !p.is_odd() || !q.is_odd() || p.mul(&q) != n {
            return Err("crypto/rsa: invalid modulus".into());
        }
        if n.bits() < 1024 {
            return Err(format!(
                "crypto/rsa: {}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)",
                n.bits()
            ));
        }
        if n.bits() > 16384 {
            return Err("crypto/rsa: key too large".into());
        }
        Ok(RsaKey {
            n,
            e,
            d: dd,
            p,
            q,
            dp,
            dq,
            qinv,
        })
    }

    /// `x509.MarshalPKCS1PrivateKey`.
    fn to_pkcs1(&self) -> Vec<u8> {
        seq(&[
            integer(&[0]),
            big(&self.n),
            big(&self.e),
            big(&self.d),
            big(&self.p),
            big(&self.q),
            big(&self.dp),
            big(&self.dq),
            big(&self.qinv),
        ])
    }

    /// The public key as `x509.MarshalPKIXPublicKey` holds it in a certificate: the
    /// algorithm, and the `RSAPublicKey` the BIT STRING wraps.
    fn public(&self) -> (Vec<u8>, Vec<u8>) {
        (
            seq(&[oid(RSA_ENCRYPTION), NULL.to_vec()]),
            seq(&[big(&self.n), big(&self.e)]),
        )
    }

    /// `rsa.SignPKCS1v15` of a SHA-256 digest; like Go, it checks the signature before
    /// giving it (a key whose values disagree fails instead of signing wrongly).
    fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(message);
        // DigestInfo { sha256, NULL } prefix (RFC 8017, section 9.2).
        let prefix: [u8; 19] = [
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ];
        let k = self.n.bits().div_ceil(8) as usize;
        let t_len = prefix.len() + digest.len();
        let mut em = vec![0xffu8; k];
        em[0] = 0;
        em[1] = 1;
        em[k - t_len - 1] = 0;
        em[k - t_len..k - digest.len()].copy_from_slice(&prefix);
        em[k - digest.len()..].copy_from_slice(&digest);
        let m = Big::from_be(&em);
        // The Chinese remainder theorem: m^dp mod p and m^dq mod q, joined.
        let m1 = m.modpow(&self.dp, &self.p);
        let m2 = m.modpow(&self.dq, &self.q);
        let m2p = m2.rem(&self.p);
        let diff = if m1 >= m2p {
            m1.sub(&m2p)
        } else {
            m1.add(&self.p).sub(&m2p)
        };
        let h = self.qinv.mul(&diff).rem(&self.p);
        let s = m2.add(&h.mul(&self.q));
        if s.modpow(&self.e, &self.n) != m {
            return Err("crypto/rsa: internal error".into());
        }
        let bytes = s.to_be();
        let mut out = vec![0u8; k - bytes.len()];
        out.extend(bytes);
        Ok(out)
    }
}

/// A private key as `parsePrivateKeyPEM` reads it: RSA keys sign; of the other kinds only the
/// name is kept (the playground signs with RSA keys only).
#[derive(Clone)]
pub enum PrivateKey {
    Rsa(RsaKey),
    Other(&'static str),
}

/// `parsePrivateKeyPEM`, with sprig's errors.
pub fn parse_private_key(pem: &str) -> Result<PrivateKey, String> {
    let Some(block) = pem_decode(pem) else {
        return Err("no PEM data in input".into());
    };
    if block.kind == "PRIVATE KEY" {
        return parse_pkcs8(&block.der).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(kind) = block.kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!(
            "no private key data in PEM block of type {}",
            block.kind
        ));
    };
    match kind {
        "RSA" => RsaKey::from_pkcs1(&block.der)
            .map(PrivateKey::Rsa)
            .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
        "EC" => Ok(PrivateKey::Other("ECDSA")),
        "DSA" => Ok(PrivateKey::Other("DSA")),
        _ => Err(format!("invalid private key type {}", block.kind)),
    }
}

/// `x509.ParsePKCS8PrivateKey`: RSA keys are read; Ed25519 and ECDSA ones recognised.
fn parse_pkcs8(der: &[u8]) -> Result<PrivateKey, String> {
    let bad = || "x509: failed to parse private key".to_string();
    let mut outer = Der { b: der };
    let body = outer.take(0x30).ok_or_else(bad)?;
    let mut d = Der { b: body };
    d.uint().ok_or_else(bad)?;
    let alg = d.take(0x30).ok_or_else(bad)?;
    let key = d.take(0x04).ok_or_else(bad)?;
    let mut a = Der { b: alg };
    let alg_oid = a.take(0x06).ok_or_else(bad)?;
    if alg_oid == &oid(RSA_ENCRYPTION)[2..] {
        return RsaKey::from_pkcs1(key).map(PrivateKey::Rsa);
    }
    if alg_oid == &oid(&[1, 3, 101, 112])[2..] {
        return Ok(PrivateKey::Other("Ed25519"));
    }
    if alg_oid == &oid(&[1, 2, 840, 10045, 2, 1])[2..] {
        return Ok(PrivateKey::Other("ECDSA"));
    }
    Err("x509: PKCS#8 wrapping contained private key with unknown algorithm".into())
}

/// The pool's keys of one PEM type (and, for RSA, one size in bits), as DER. A key's type
/// shows in its structure: PKCS #1 RSA is nine integers, DSA six, SEC 1 EC has an octet
/// string second and PKCS #8 a sequence.
fn pool(kind: &str, bits: u64) -> Vec<Pem> {
    let mut out = Vec::new();
    let mut keys = Der { b: POOL };
    while let Some((_, body, der)) = keys.next() {
        let mut fields = Der { b: body };
        let mut tags = Vec::new();
        while let Some((tag, _, _)) = fields.next() {
            tags.push(tag);
        }
        let (found, fits) = match tags.as_slice() {
            [0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02] => (
                "RSA PRIVATE KEY",
                RsaKey::from_pkcs1(der).is_ok_and(|k| k.n.bits() == bits),
            ),
            [0x02, 0x02, 0x02, 0x02, 0x02, 0x02] => ("DSA PRIVATE KEY", true),
            [0x02, 0x04, ..] => ("EC PRIVATE KEY", true),
            [0x02, 0x30, 0x04, ..] => ("PRIVATE KEY", true),
            _ => continue,
        };
        if found == kind && fits {
            out.push(Pem {
                kind: kind.to_string(),
                der: der.to_vec(),
            });
        }
    }
    out
}

/// `genPrivateKey`'s key of type `typ` ("" and "rsa": RSA 4096; "dsa"; "ecdsa": P-256;
/// "ed25519"), `pick` choosing among the pool's; `None` for a type sprig does not know.
pub fn private_key(typ: &str, pick: u64) -> Option<String> {
    let (kind, bits) = match typ {
        "" | "rsa" => ("RSA PRIVATE KEY", 4096),
        "dsa" => ("DSA PRIVATE KEY", 0),
        "ecdsa" => ("EC PRIVATE KEY", 0),
        "ed25519" => ("PRIVATE KEY", 0),
        _ => return None,
    };
    let keys = pool(kind, bits);
    let k = keys.get((pick % keys.len().max(1) as u64) as usize)?;
    Some(pem_encode(&k.kind, &k.der))
}

/// An RSA 2048 key of the pool, as `rsa.GenerateKey(rand.Reader, 2048)` would give one.
pub fn rsa_2048(pick: u64) -> Option<RsaKey> {
    let keys = pool("RSA PRIVATE KEY", 2048);
    let k = keys.get((pick % keys.len().max(1) as u64) as usize)?;
    RsaKey::from_pkcs1(&k.der).ok()
}

/// The certificate sprig asks for (`getBaseCertTemplate`, and `IsCA` for `genCA`).
pub struct Template {
    pub serial: [u8; 16],
    pub common_name: String,
    pub ips: Vec<Vec<u8>>,
    pub dns_names: Vec<String>,
    /// Unix seconds.
    pub not_before: i64,
    pub days: i64,
    pub is_ca: bool,
}

/// What `x509.CreateCertificate` reads of a parent certificate.
pub struct Parent {
    raw_subject: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
    public: Vec<u8>,
}

/// `x509.ParseCertificate`, as far as signing under the certificate needs.
pub fn parse_certificate(der: &[u8]) -> Result<Parent, String> {
    let bad = |what: &str| format!("x509: malformed {what}");
    let mut outer = Der { b: der };
    let cert = outer.take(0x30).ok_or_else(|| bad("certificate"))?;
    let mut c = Der { b: cert };
    let tbs = c.take(0x30).ok_or_else(|| bad("tbs certificate"))?;
    let mut t = Der { b: tbs };
    let mut item = t.next().ok_or_else(|| bad("version"))?;
    if item.0 == 0xa0 {
        item = t.next().ok_or_else(|| bad("serial number"))?;
    }
    if item.0 != 0x02 {
        return Err(bad("serial number"));
    }
    t.take(0x30)
        .ok_or_else(|| bad("signature algorithm identifier"))?;
    t.take(0x30).ok_or_else(|| bad("issuer"))?;
    t.take(0x30).ok_or_else(|| bad("validity"))?;
    let (tag, _, raw_subject) = t.next().ok_or_else(|| bad("subject"))?;
    if tag != 0x30 {
        return Err(bad("subject"));
    }
    let spki = t.take(0x30).ok_or_else(|| bad("spki"))?;
    let mut s = Der { b: spki };
    s.take(0x30).ok_or_else(|| bad("spki"))?;
    let key_bits = s.take(0x03).ok_or_else(|| bad("subjectPublicKey"))?;
    let public = key_bits.get(1..).unwrap_or_default().to_vec();
    let mut subject_key_id = None;
    while let Some((tag, content, _)) = t.next() {
        if tag != 0xa3 {
            continue;
        }
        let mut exts = Der { b: content };
        let list = exts.take(0x30).ok_or_else(|| bad("extensions"))?;
        let mut l = Der { b: list };
        while let Some(ext) = l.take(0x30) {
            let mut e = Der { b: ext };
            let id = e.take(0x06).unwrap_or_default();
            let mut value = e.next();
            if matches!(value, Some((0x01, _, _))) {
                value = e.next();
            }
            if id == &oid(&[2, 5, 29, 14])[2..]
                && let Some((0x04, v, _)) = value
            {
                subject_key_id = Der { b: v }.take(0x04).map(<[u8]>::to_vec);
            }
        }
    }
    Ok(Parent {
        raw_subject: raw_subject.to_vec(),
        subject_key_id,
        public,
    })
}

/// `pkix.Name{CommonName: cn}` as `asn1.Marshal` writes its RDN sequence: a PrintableString
/// where the name allows one, else UTF8String; no attribute for an empty name.
fn subject(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return seq(&[]);
    }
    let printable = cn
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b));
    let value = tlv(if printable { 0x13 } else { 0x0c }, cn.as_bytes());
    seq(&[tlv(0x31, &seq(&[oid(&[2, 5, 4, 3]), value]))])
}

/// A time as `encoding/asn1` writes `time.Time`: UTCTime from 1950 to 2049, else
/// GeneralizedTime.
fn time(unix: i64) -> Vec<u8> {
    let t = super::time::Time::at(unix);
    let year: i64 = t.format("2006").parse().unwrap_or(0);
    if (1950..2050).contains(&year) {
        tlv(0x17, t.format("060102150405Z").as_bytes())
    } else {
        tlv(0x18, t.format("20060102150405Z").as_bytes())
    }
}

fn extension(id: &[u64], critical: bool, value: Vec<u8>) -> Vec<u8> {
    let mut parts = vec![oid(id)];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(tlv(0x04, &value));
    seq(&parts)
}

/// How a helm version fills a CA's missing `SubjectKeyId` (`x509.CreateCertificate`): Go
/// 1.25 and later (helm 4) take SHA-256 cut to 160 bits, earlier Go (helm 3) SHA-1.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyIdHash {
    Sha1,
    TruncatedSha256,
}

/// `x509.CreateCertificate(rand, template, parent, pub, signer)`, PEM-encoded. `parent` is
/// `None` for a self-signed certificate.
pub fn create_certificate(
    template: &Template,
    public: &RsaKey,
    parent: Option<&Parent>,
    signer: &RsaKey,
    key_id: KeyIdHash,
) -> Result<String, String> {
    let (alg, public_bytes) = public.public();
    let own_subject = subject(&template.common_name);
    let issuer = match parent {
        Some(p) => p.raw_subject.clone(),
        None => own_subject.clone(),
    };
    let signer_public = signer.public().1;
    match parent {
        Some(p) if p.public != signer_public => {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
        _ => {}
    }
    let authority_key_id = match parent {
        Some(p) if p.raw_subject != own_subject => p.subject_key_id.clone(),
        _ => None,
    };
    let subject_key_id = template.is_ca.then(|| match key_id {
        KeyIdHash::Sha1 => {
            use sha1::Digest;
            sha1::Sha1::digest(&public_bytes).to_vec()
        }
        KeyIdHash::TruncatedSha256 => {
            use sha2::Digest;
            sha2::Sha256::digest(&public_bytes)[..20].to_vec()
        }
    });
    // KeyEncipherment | DigitalSignature, and CertSign for a CA: the bits reversed, as
    // `marshalKeyUsage` writes them.
    let usage = if template.is_ca {
        bit_string(&[0xa4], 2)
    } else {
        bit_string(&[0xa0], 5)
    };
    let mut extensions = vec![
        extension(&[2, 5, 29, 15], true, usage),
        extension(
            &[2, 5, 29, 37],
            false,
            seq(&[
                oid(&[1, 3, 6, 1, 5, 5, 7, 3, 1]),
                oid(&[1, 3, 6, 1, 5, 5, 7, 3, 2]),
            ]),
        ),
        extension(
            &[2, 5, 29, 19],
            true,
            if template.is_ca {
                seq(&[tlv(0x01, &[0xff])])
            } else {
                seq(&[])
            },
        ),
    ];
    if let Some(id) = &subject_key_id {
        extensions.push(extension(&[2, 5, 29, 14], false, tlv(0x04, id)));
    }
    if let Some(id) = &authority_key_id {
        extensions.push(extension(&[2, 5, 29, 35], false, seq(&[tlv(0x80, id)])));
    }
    if !template.dns_names.is_empty() || !template.ips.is_empty() {
        let mut names: Vec<Vec<u8>> = template
            .dns_names
            .iter()
            .map(|d| tlv(0x82, d.as_bytes()))
            .collect();
        names.extend(template.ips.iter().map(|ip| tlv(0x87, ip)));
        let empty_subject = template.common_name.is_empty();
        extensions.push(extension(&[2, 5, 29, 17], empty_subject, seq(&names)));
    }
    let signature_alg = seq(&[oid(SHA256_WITH_RSA), NULL.to_vec()]);
    let tbs = seq(&[
        tlv(0xa0, &integer(&[2])),
        integer(&template.serial),
        signature_alg.clone(),
        issuer,
        seq(&[
            time(template.not_before),
            time(template.not_before + template.days * 86_400),
        ]),
        own_subject,
        seq(&[alg, bit_string(&public_bytes, 0)]),
        tlv(0xa3, &seq(&extensions)),
    ]);
    let signature = signer.sign_sha256(&tbs)?;
    let cert = seq(&[tbs, signature_alg, bit_string(&signature, 0)]);
    Ok(pem_encode("CERTIFICATE", &cert))
}

/// The PEM `pemBlockForKey` writes for an RSA key.
pub fn rsa_pem(key: &RsaKey) -> String {
    pem_encode("RSA PRIVATE KEY", &key.to_pkcs1())
}

/// `net.ParseIP`, as the bytes a certificate holds (`To4` for IPv4).
pub fn parse_ip(s: &str) -> Option<Vec<u8>> {
    if let Ok(v4) = s.parse::<std::net::Ipv4Addr>() {
        return Some(v4.octets().to_vec());
    }
    let v6 = s.parse::<std::net::Ipv6Addr>().ok()?;
    Some(match v6.to_ipv4_mapped() {
        Some(v4) => v4.octets().to_vec(),
        None => v6.octets().to_vec(),
    })
}

/// `bcrypt.GenerateFromPassword(password, 10)` with `salt`: `$2a$10$`, the salt and the
/// hash in bcrypt's base64.
pub fn bcrypt(password: &[u8], salt: [u8; 16]) -> Result<String, String> {
    const COST: u32 = 10;
    if password.len() > 72 {
        return Err("bcrypt: password length exceeds 72 bytes".into());
    }
    // Go's bcrypt keys Blowfish with the password and a NUL.
    let mut key = password.to_vec();
    key.push(0);
    let mut state = blowfish::Blowfish::bc_init_state();
    state.salted_expand_key(&salt, &key);
    for _ in 0..1u32 << COST {
        state.bc_expand_key(&key);
        state.bc_expand_key(&salt);
    }
    // "OrpheanBeholderScryDoubt"
    let mut text: [u32; 6] = [
        0x4f72_7068,
        0x6561_6e42,
        0x6568_6f6c,
        0x6465_7253,
        0x6372_7944,
        0x6f75_6274,
    ];
    for pair in text.chunks_mut(2) {
        for _ in 0..64 {
            let [l, r] = state.bc_encrypt([pair[0], pair[1]]);
            pair[0] = l;
            pair[1] = r;
        }
    }
    let hash: Vec<u8> = text.iter().flat_map(|w| w.to_be_bytes()).collect();
    Ok(format!(
        "$2a${COST:02}${}{}",
        bcrypt_base64(&salt),
        bcrypt_base64(&hash[..23])
    ))
}

/// Base64 with bcrypt's alphabet and no padding.
fn bcrypt_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hashes checked against glibc's `crypt` (libxcrypt), salt of sixteen zero bytes.
    #[test]
    fn bcrypt_matches_crypt() {
        for (password, hash) in [
            (
                "U*U",
                "$2a$10$....................../69/0hFCo.JX/rExC31MSczGWcPlHPe",
            ),
            (
                "",
                "$2a$10$......................F5mzCEQ5E01or2Zs1UUMeqS/7rfVb16",
            ),
        ] {
            assert_eq!(bcrypt(password.as_bytes(), [0; 16]).as_deref(), Ok(hash));
        }
        let long = "a".repeat(72);
        assert_eq!(
            bcrypt(long.as_bytes(), [0; 16]).as_deref(),
            Ok("$2a$10$......................6I3ms6Ylv.QAtGBarOTA9xLZcr8tT1C")
        );
        assert!(bcrypt("a".repeat(73).as_bytes(), [0; 16]).is_err());
    }

    #[test]
    fn a_self_signed_ca_verifies_under_its_own_key() {
        let key = rsa_2048(0).expect("a pool key");
        let t = Template {
            serial: [7; 16],
            common_name: "my-ca".into(),
            ips: vec![],
            dns_names: vec![],
            not_before: 1_735_689_600,
            days: 365,
            is_ca: true,
        };
        let pem = create_certificate(&t, &key, None, &key, KeyIdHash::Sha1).expect("cert");
        let der = pem_decode(&pem).expect("pem").der;
        let mut outer = Der { b: &der };
        let body = outer.take(0x30).expect("certificate");
        let mut c = Der { b: body };
        let (_, _, tbs) = c.next().expect("tbs");
        c.take(0x30).expect("algorithm");
        let sig = c.take(0x03).expect("signature");
        let s = Big::from_be(&sig[1..]);
        let em = s.modpow(&key.e, &key.n).to_be();
        use sha2::Digest;
        assert_eq!(&em[em.len() - 32..], sha2::Sha256::digest(tbs).as_slice());
        assert_eq!(em[0], 1, "PKCS #1 v1.5 block type 1");
    }
}
