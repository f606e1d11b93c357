//! `ocss explain`: everything the registry knows about one id (category, law, platform, capability,
//! service or domain), with the laws that cite it and who can enforce it. Reads the model only.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{Category, Duty, EventKind, Law, Platform, Registry, Standard};
use crate::table::{render, wrap};

/// What an id names.
pub enum Subject<'a> {
    /// A rule category.
    Category(&'a Category),
    /// A law (by id or alias).
    Law(&'a Law),
    /// A platform.
    Platform(&'a Platform),
    /// A capability.
    Capability(&'a crate::model::Capability),
    /// A fallback service.
    Service(&'a crate::model::Service),
    /// A domain.
    Domain(&'a crate::model::Domain),
    /// A community standard pack.
    Standard(&'a Standard),
}

/// The kinds an id can be qualified with: `ocss explain capability:social`.
pub const KINDS: [&str; 7] = ["category", "domain", "capability", "service", "law", "platform", "standard"];

/// Why an id reaches no single entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// It names nothing (with the closest ids).
    Unknown(super::UnknownId),
    /// It names entries of several kinds: these qualified forms reach each.
    Ambiguous {
        /// What was given.
        input: String,
        /// `kind:id` for each entry.
        qualified: Vec<String>,
    },
    /// The part before `:` is not a kind.
    UnknownKind(String),
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LookupError::Unknown(u) => write!(f, "{u}"),
            LookupError::Ambiguous { input, qualified } => {
                let forms: Vec<String> = qualified.iter().map(|q| format!("`{q}`")).collect();
                write!(f, "`{input}` names more than one entry; ask for {}", forms.join(" or "))
            }
            LookupError::UnknownKind(kind) => write!(
                f,
                "`{}` is not a kind; qualify an id with one of {}",
                crate::table::escape_controls(kind),
                KINDS.map(|k| format!("`{k}:`")).join(", ")
            ),
        }
    }
}

impl std::error::Error for LookupError {}

/// Every entry of `kind` named `id` (laws also by alias).
fn entries<'a>(reg: &'a Registry, kind: &str, id: &str) -> Option<Subject<'a>> {
    let r = &reg.rules;
    match kind {
        "category" => r.categories.iter().find(|c| c.id == id).map(Subject::Category),
        "domain" => r.domains.iter().find(|d| d.id == id).map(Subject::Domain),
        "capability" => r.capabilities.iter().find(|k| k.id == id).map(Subject::Capability),
        "service" => r.services.iter().find(|s| s.id == id).map(Subject::Service),
        "law" => reg.laws.iter().find(|l| l.id == id || l.aliases.iter().any(|a| a == id)).map(Subject::Law),
        "platform" => reg.platforms.iter().find(|p| p.id == id).map(Subject::Platform),
        _ => reg.standards.iter().find(|s| s.id == id).map(Subject::Standard),
    }
}

/// Finds `query` (`id` or `kind:id`) among every kind of registry entry. An unqualified id must name
/// exactly one entry; the validator keeps every law, platform and standard id unique across kinds,
/// and ids the spec gives two kinds (e.g. category and capability `content_rating`) ask to be
/// qualified.
pub fn find<'a>(reg: &'a Registry, query: &str) -> Result<Subject<'a>, LookupError> {
    let (kinds, id): (Vec<&str>, &str) = match query.split_once(':') {
        Some((kind, id)) if KINDS.contains(&kind) => (vec![kind], id),
        Some((kind, _)) => return Err(LookupError::UnknownKind(kind.to_owned())),
        None => (KINDS.to_vec(), query),
    };
    let mut found: Vec<(&str, Subject<'a>)> =
        kinds.iter().filter_map(|k| entries(reg, k, id).map(|s| (*k, s))).collect();
    match found.len() {
        1 => Ok(found.remove(0).1),
        0 => {
            let r = &reg.rules;
            let all = r
                .categories
                .iter()
                .map(|c| c.id.as_str())
                .chain(r.domains.iter().map(|d| d.id.as_str()))
                .chain(r.capabilities.iter().map(|k| k.id.as_str()))
                .chain(r.services.iter().map(|s| s.id.as_str()))
                .chain(reg.laws.iter().map(|l| l.id.as_str()))
                .chain(reg.platforms.iter().map(|p| p.id.as_str()))
                .chain(reg.standards.iter().map(|s| s.id.as_str()));
            Err(LookupError::Unknown(super::UnknownId::new("id", id, all)))
        }
        _ => Err(LookupError::Ambiguous {
            input: query.to_owned(),
            qualified: found.iter().map(|(k, _)| format!("{k}:{id}")).collect(),
        }),
    }
}

fn platforms_with<'a>(reg: &'a Registry, capability: Option<&str>) -> Vec<&'a str> {
    match capability {
        Some(cap) => {
            reg.platforms.iter().filter(|p| p.capabilities.iter().any(|c| c == cap)).map(|p| p.id.as_str()).collect()
        }
        None => Vec::new(),
    }
}

/// A category: what it does, who enforces it, the laws citing it (with provisions), its config.
fn category_text(reg: &Registry, c: &Category) -> String {
    let mut out = String::new();
    let cap = reg.rules.capability_of(&c.id);
    let svc = reg.rules.service_of(&c.id);
    let status = c.status;
    let _ = writeln!(out, "category {} — {}", c.id, c.title);
    let _ = writeln!(out, "  domain {}, since {}, {}, {}", c.domain, c.since, status, c.obligation);
    out.push_str(&wrap(&c.description, "  "));
    let _ = writeln!(out, "enforced by");
    let _ = writeln!(out, "  capability: {}", cap.unwrap_or("none"));
    out.push_str(&wrap(&format!("platforms (native): {}", list(&platforms_with(reg, cap))), "  "));
    let _ = writeln!(out, "  fallback service: {}", svc.unwrap_or("none"));
    let laws = citing(reg, &c.id);
    let _ = writeln!(out, "cited by {} law{}", laws.len(), if laws.len() == 1 { "" } else { "s" });
    if laws.is_empty() {
        if let Some(reason) = &c.uncited_reason {
            out.push_str(&wrap(&format!("uncited: {reason}"), "  "));
        }
    } else {
        let rows: Vec<Vec<String>> = laws
            .iter()
            .map(|l| {
                let cites = l.duty(&c.id).map(cited_as).unwrap_or_default();
                vec![l.id.clone(), l.enactment_status.to_string(), cites]
            })
            .collect();
        out.push_str(&render(&["law", "status", "provision"], &rows));
    }
    let _ = writeln!(out, "config schema");
    let schema = serde_json::to_string_pretty(&c.config_schema).unwrap_or_default();
    for line in schema.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(example) = c.examples.first() {
        let _ = writeln!(out, "example\n  {}", serde_json::to_string(example).unwrap_or_default());
    }
    out.push_str(&wrap(&format!("manual step: {}", c.manual_step), ""));

    out
}

/// A law's court and legislative events, one wrapped entry each.
fn events_text(l: &Law) -> String {
    let mut out = String::new();
    if !l.dates.events.is_empty() {
        out.push_str("events\n");
    }
    for e in &l.dates.events {
        // A ruling says what it did; the other kinds say it by their name.
        let kind = match e.kind {
            EventKind::Ruling => format!("ruling ({})", e.effect()),
            other => other.to_string(),
        };
        let case = match (&e.case, &e.court) {
            (Some(case), Some(court)) => format!(" — {case}, {court}"),
            _ => String::new(),
        };
        let reach = if e.reaches.is_empty() { String::new() } else { format!("; reaches {}", e.reaches.join(", ")) };
        out.push_str(&wrap(&format!("{} {kind}{case}{reach}", e.date), "  "));
    }
    out
}

/// A law's duties: how each is routed, then the provision that creates it.
fn duties_text(reg: &Registry, l: &Law) -> String {
    let rows: Vec<Vec<String>> = l
        .categories
        .iter()
        .map(|d| {
            let cap = reg.rules.capability_of(&d.id);
            vec![
                d.id.clone(),
                cap.unwrap_or("–").to_owned(),
                reg.rules.service_of(&d.id).unwrap_or("–").to_owned(),
                platforms_with(reg, cap).len().to_string(),
            ]
        })
        .collect();
    let enjoined = l.categories.iter().filter(|d| d.enjoined).count();
    let mut out = format!("requires {} categories, {enjoined} of them enjoined\n", rows.len());
    out.push_str(&render(&["category", "capability", "service", "platforms"], &rows));
    // Provisions are long and must not be cut to a column, so each gets its own lines.
    let _ = writeln!(out, "provisions (facts verified {})", l.verified);
    for d in &l.categories {
        out.push_str(&wrap(&format!("{}: {}", d.id, cited_as(d)), "  "));
    }
    out
}

/// How a law cites a duty: its provision (or why none), marked when a court has blocked it.
fn cited_as(d: &Duty) -> String {
    let provision = d.provision.as_deref().or(d.reason.as_deref()).unwrap_or("–");
    if d.enjoined { format!("{provision} (enjoined)") } else { provision.to_owned() }
}

fn citing<'a>(reg: &'a Registry, category: &str) -> Vec<&'a Law> {
    reg.laws.iter().filter(|l| l.duty(category).is_some()).collect()
}

fn list(items: &[&str]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}

fn list_ids(items: &[String]) -> String {
    list(&items.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Human text for a subject.
pub fn human(reg: &Registry, subject: &Subject<'_>) -> String {
    // Registry text is a stranger's: no control character reaches the terminal raw.
    let text = describe(reg, subject);
    let mut out: String = text.lines().map(crate::table::escape_controls).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out
}

fn describe(reg: &Registry, subject: &Subject<'_>) -> String {
    let mut out = String::new();
    match subject {
        Subject::Category(c) => out.push_str(&category_text(reg, c)),
        Subject::Law(l) => {
            let _ = writeln!(out, "law {} — {}", l.id, l.full_name);
            let place = l.subdivision.clone().unwrap_or_else(|| l.country.clone());
            let _ = writeln!(
                out,
                "  {} ({}), {}, enforcement {}",
                place, l.jurisdiction_group, l.enactment_status, l.enforcement_status
            );
            let _ = writeln!(out, "  protects users under {}; {}", l.age_threshold.under, l.citation.bill);
            let _ = writeln!(out, "  {}", l.citation.url);
            out.push_str(&wrap(&l.summary, "  "));
            out.push_str(&events_text(l));
            out.push_str(&duties_text(reg, l));
        }
        Subject::Platform(p) => {
            let _ = writeln!(out, "platform {} — {}", p.id, p.name);
            let _ = writeln!(
                out,
                "  {} platform, enforcement mode {}, auth {}",
                p.platform_category, p.enforcement_mode, p.auth_type
            );
            out.push_str(&wrap(&p.description, "  "));
            let native: Vec<&str> = reg
                .rules
                .capabilities
                .iter()
                .filter(|k| p.capabilities.contains(&k.id))
                .flat_map(|k| k.categories.iter().map(String::as_str))
                .collect();
            out.push_str(&wrap(&format!("capabilities: {}", list_ids(&p.capabilities)), ""));
            out.push_str(&wrap(&format!("enforces natively ({}): {}", native.len(), list(&native)), ""));
        }
        Subject::Capability(k) => {
            let _ = writeln!(out, "capability {} — {}", k.id, k.title);
            out.push_str(&wrap(&k.description, "  "));
            out.push_str(&wrap(&format!("categories: {}", list_ids(&k.categories)), ""));
            out.push_str(&wrap(&format!("declared by: {}", list(&platforms_with(reg, Some(&k.id)))), ""));
        }
        Subject::Service(s) => {
            let _ = writeln!(out, "service {} — {}", s.id, s.title);
            out.push_str(&wrap(&s.description, "  "));
            out.push_str(&wrap(&format!("categories: {}", list_ids(&s.categories)), ""));
        }
        Subject::Standard(s) => {
            let _ = writeln!(out, "standard {} — {}", s.id, s.name);
            let _ = writeln!(out, "  by {}, {}, ages {}-{}", s.publisher, s.status, s.min_age, s.max_age);
            out.push_str(&wrap(&s.description, "  "));
            let rows: Vec<Vec<String>> = s
                .rules
                .iter()
                .map(|r| {
                    let config = serde_json::to_string(&r.config).unwrap_or_default();
                    vec![r.category.clone(), if r.enabled { "yes".into() } else { "no".into() }, config]
                })
                .collect();
            let _ = writeln!(out, "{} rules", rows.len());
            out.push_str(&render(&["category", "enabled", "config"], &rows));
        }
        Subject::Domain(d) => {
            let _ = writeln!(out, "domain {} — {}", d.id, d.title);
            out.push_str(&wrap(&d.description, "  "));
            let cats: Vec<&str> =
                reg.rules.categories.iter().filter(|c| c.domain == d.id).map(|c| c.id.as_str()).collect();
            out.push_str(&wrap(&format!("categories ({}): {}", cats.len(), list(&cats)), ""));
        }
    }
    out
}

/// Stable JSON for a subject.
pub fn json(reg: &Registry, subject: &Subject<'_>) -> Value {
    match subject {
        Subject::Category(c) => {
            let cap = reg.rules.capability_of(&c.id);
            let laws = citing(reg, &c.id);
            json!({
                "kind": "category", "id": c.id, "title": c.title, "domain": c.domain, "since": c.since,
                "description": c.description, "capability": cap, "service": reg.rules.service_of(&c.id),
                "platforms": platforms_with(reg, cap),
                "obligation": c.obligation, "laws": laws.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
                "duties": laws.iter().filter_map(|l| l.duty(&c.id).map(|d| json!({
                    "law": l.id, "provision": d.provision, "reason": d.reason, "enjoined": d.enjoined,
                }))).collect::<Vec<_>>(),
                "uncited_reason": c.uncited_reason, "config_schema": c.config_schema, "examples": c.examples,
                "manual_step": c.manual_step,
            })
        }
        Subject::Law(l) => json!({
            "kind": "law", "id": l.id, "aliases": l.aliases, "short_name": l.short_name, "full_name": l.full_name,
            "country": l.country, "subdivision": l.subdivision, "enactment_status": l.enactment_status,
            "enforcement_status": l.enforcement_status, "categories": l.categories, "url": l.citation.url,
            "events": l.dates.events.iter().map(|e| json!({
                "date": e.date, "kind": e.kind, "case": e.case, "court": e.court, "effect": e.effect(), "reaches": e.reaches,
            })).collect::<Vec<_>>(),
            "verified": l.verified,
        }),
        Subject::Platform(p) => json!({
            "kind": "platform", "id": p.id, "name": p.name, "enforcement_mode": p.enforcement_mode,
            "auth_type": p.auth_type, "capabilities": p.capabilities,
        }),
        Subject::Capability(k) => json!({
            "kind": "capability", "id": k.id, "categories": k.categories, "platforms": platforms_with(reg, Some(&k.id)),
        }),
        Subject::Service(s) => json!({ "kind": "service", "id": s.id, "categories": s.categories }),
        Subject::Standard(s) => json!({
            "kind": "standard", "id": s.id, "name": s.name, "publisher": s.publisher, "status": s.status,
            "min_age": s.min_age, "max_age": s.max_age, "description": s.description,
            "rules": s.rules.iter().map(|r| json!({ "category": r.category, "enabled": r.enabled, "config": r.config })).collect::<Vec<_>>(),
        }),
        Subject::Domain(d) => json!({
            "kind": "domain", "id": d.id,
            "categories": reg.rules.categories.iter().filter(|c| c.domain == d.id).map(|c| c.id.as_str()).collect::<Vec<_>>(),
        }),
    }
}
