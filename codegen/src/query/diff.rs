//! `ocss diff`: what changed between two registries, each change under a stable rule id with the
//! version bump it requires (as oasdiff's checks and buf's breaking rules do), and whether the
//! registry's own `version` bump is enough.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Category, Registry};

/// How much a change breaks, as a semantic-version bump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Text only.
    Patch,
    /// Additive: old data and code keep working.
    Minor,
    /// Breaking: old data or downstream code may stop working.
    Major,
}

impl Bump {
    /// The word.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Every rule id with its default (strict) bump and what it means.
pub const RULES: &[(&str, Bump, &str)] = &[
    ("category-added", Bump::Minor, "a category was added"),
    ("category-removed", Bump::Major, "a category was removed"),
    (
        "category-removed-before-sunset",
        Bump::Major,
        "a deprecated category was removed before its 18-month window ended",
    ),
    ("category-renamed", Bump::Major, "a category id changed; the old id stays as an alias"),
    ("category-deprecated", Bump::Minor, "a category was marked deprecated"),
    (
        "deprecation-notice-too-short",
        Bump::Major,
        "a deprecation was announced less than 30 days (the RFC notice) before the release",
    ),
    ("category-moved-domain", Bump::Minor, "a category moved to another domain"),
    ("capability-added", Bump::Minor, "a capability was added"),
    ("capability-removed", Bump::Major, "a capability was removed"),
    ("capability-coverage-changed", Bump::Major, "a capability covers other categories than before"),
    ("service-added", Bump::Minor, "a fallback service was added"),
    ("service-removed", Bump::Major, "a fallback service was removed"),
    ("service-ownership-changed", Bump::Major, "a category moved to another fallback service, or lost or gained one"),
    ("domain-added", Bump::Minor, "a domain was added"),
    ("domain-removed", Bump::Major, "a domain was removed"),
    ("field-added-optional", Bump::Minor, "a config gained an optional field"),
    ("field-added-required", Bump::Major, "a config gained a required field"),
    ("field-removed", Bump::Major, "a config lost a field"),
    ("field-became-required", Bump::Major, "an optional config field became required"),
    ("field-became-optional", Bump::Minor, "a required config field became optional"),
    ("type-changed", Bump::Major, "a config field changed type"),
    ("range-narrowed", Bump::Major, "a config value's range, length, count or step became stricter"),
    ("range-widened", Bump::Minor, "a config value's range, length or count became looser"),
    ("enum-value-removed", Bump::Major, "a config enum lost a value"),
    ("enum-value-added", Bump::Minor, "a config enum gained a value"),
    ("pattern-changed", Bump::Major, "a config string's pattern changed"),
    ("text-changed", Bump::Patch, "a title, description or other text changed"),
    ("law-added", Bump::Minor, "a law was added"),
    ("law-removed", Bump::Major, "a law was removed"),
    ("law-status-changed", Bump::Minor, "a law's enactment or enforcement status changed"),
    ("law-dates-changed", Bump::Patch, "a law's dates or events changed"),
    ("law-categories-changed", Bump::Minor, "the categories a law requires changed"),
    ("platform-added", Bump::Minor, "a platform was added"),
    ("platform-removed", Bump::Major, "a platform was removed"),
    ("platform-capabilities-changed", Bump::Minor, "a platform's capabilities or enforcement mode changed"),
    ("standard-added", Bump::Minor, "a standard pack was added"),
    ("standard-removed", Bump::Major, "a standard pack was removed"),
    ("standard-rules-changed", Bump::Minor, "a standard pack's rules changed"),
];

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// The stable rule id (`category-removed`, …).
    pub rule: &'static str,
    /// The bump it requires, after the severity configuration.
    pub bump: Bump,
    /// What changed: `category:time_daily_limit`, `law:us-kosa`, …
    pub subject: String,
    /// Where inside it (a JSON pointer into the config schema), when it is a config field.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
    /// What happened, in words.
    pub message: String,
}

/// Per-rule severities a project chose (`ocss-diff.json`); rules left out keep the strict default.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityConfig {
    /// Path of its schema.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Rule id → bump, or `off` to leave the rule out.
    #[serde(default)]
    pub severities: BTreeMap<String, Severity>,
}

/// A configured severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Requires a major bump.
    Major,
    /// Requires a minor bump.
    Minor,
    /// Requires a patch bump.
    Patch,
    /// Not reported.
    Off,
}

impl SeverityConfig {
    /// Rule ids the configuration names that no rule has.
    pub fn unknown_rules(&self) -> Vec<&str> {
        self.severities.keys().map(String::as_str).filter(|r| !RULES.iter().any(|(id, _, _)| id == r)).collect()
    }

    fn bump(&self, rule: &'static str) -> Option<Bump> {
        match self.severities.get(rule) {
            Some(Severity::Off) => None,
            Some(Severity::Major) => Some(Bump::Major),
            Some(Severity::Minor) => Some(Bump::Minor),
            Some(Severity::Patch) => Some(Bump::Patch),
            None => RULES.iter().find(|(id, _, _)| *id == rule).map(|(_, b, _)| *b),
        }
    }
}

struct Diff<'a> {
    config: &'a SeverityConfig,
    changes: Vec<Change>,
}

impl Diff<'_> {
    fn push(&mut self, rule: &'static str, subject: String, at: String, message: String) {
        if let Some(bump) = self.config.bump(rule) {
            self.changes.push(Change { rule, bump, subject, at, message });
        }
    }
}

/// Ids present in one list and not the other, and those in both.
fn split<'a, T>(from: &'a [T], to: &'a [T], id: impl Fn(&T) -> &str) -> (Vec<&'a T>, Vec<&'a T>, Vec<(&'a T, &'a T)>) {
    let removed = from.iter().filter(|f| !to.iter().any(|t| id(t) == id(f))).collect();
    let added = to.iter().filter(|t| !from.iter().any(|f| id(f) == id(t))).collect();
    let both = from.iter().filter_map(|f| to.iter().find(|t| id(t) == id(f)).map(|t| (f, t))).collect();
    (removed, added, both)
}

fn ids(list: &[String]) -> BTreeSet<&str> {
    list.iter().map(String::as_str).collect()
}

fn listed(set: &BTreeSet<&str>) -> String {
    set.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// What left and what joined a list of ids, in words (`no longer covers …; now covers …`), or
/// `None` when both hold the same ids.
fn membership_change(from: &[String], to: &[String], verb: &str) -> Option<String> {
    let (x, y) = (ids(from), ids(to));
    let gone: BTreeSet<&str> = x.difference(&y).copied().collect();
    let new: BTreeSet<&str> = y.difference(&x).copied().collect();
    let mut parts = Vec::new();
    if !gone.is_empty() {
        parts.push(format!("no longer {verb} {}", listed(&gone)));
    }
    if !new.is_empty() {
        parts.push(format!("now {verb} {}", listed(&new)));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Compares two registries.
pub fn diff(from: &Registry, to: &Registry, config: &SeverityConfig) -> Vec<Change> {
    let mut d = Diff { config, changes: Vec::new() };
    categories(&mut d, from, to);
    vocabularies(&mut d, from, to);
    laws(&mut d, from, to);
    platforms_and_standards(&mut d, from, to);
    d.changes.sort_by(|a, b| {
        b.bump
            .cmp(&a.bump)
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.at.cmp(&b.at))
    });
    d.changes
}

/// The category of `to` that took over `from`'s id through an alias, if any.
fn renamed<'a>(to: &'a Registry, id: &str) -> Option<&'a Category> {
    to.rules.categories.iter().find(|c| c.aliases.iter().any(|a| a == id))
}

fn categories(d: &mut Diff<'_>, from: &Registry, to: &Registry) {
    let (removed, added, both) = split(&from.rules.categories, &to.rules.categories, |c| &c.id);
    let mut renamed_to: BTreeSet<&str> = BTreeSet::new();
    for c in removed {
        let subject = format!("category:{}", c.id);
        if let Some(new) = renamed(to, &c.id) {
            renamed_to.insert(&new.id);
            d.push(
                "category-renamed",
                subject,
                String::new(),
                format!("`{}` is now `{}` (the old id stays as an alias)", c.id, new.id),
            );
            config_fields(d, &format!("category:{}", new.id), &c.config_schema, &new.config_schema, "");
        } else {
            d.push("category-removed", subject.clone(), String::new(), format!("`{}` was removed", c.id));
            if let Some(dep) = &c.deprecated
                && let Some(until) = super::super::model::sunset(&dep.date)
                && to.rules.released.as_deref().is_some_and(|released| released < until.as_str())
            {
                d.push(
                    "category-removed-before-sunset",
                    subject,
                    String::new(),
                    format!("`{}` was deprecated on {} and may not be removed before {until}", c.id, dep.date),
                );
            }
        }
    }
    for c in added.into_iter().filter(|c| !renamed_to.contains(c.id.as_str())) {
        d.push(
            "category-added",
            format!("category:{}", c.id),
            String::new(),
            format!("`{}` ({}) was added", c.id, c.title),
        );
    }
    for (f, t) in both {
        let subject = format!("category:{}", t.id);
        if f.domain != t.domain {
            d.push(
                "category-moved-domain",
                subject.clone(),
                String::new(),
                format!("moved from domain `{}` to `{}`", f.domain, t.domain),
            );
        }
        if let (None, Some(dep)) = (&f.deprecated, &t.deprecated) {
            d.push("category-deprecated", subject.clone(), String::new(), format!("`{}` is deprecated", t.id));
            if let Some(released) = &to.rules.released
                && let Some(earliest) = crate::model::notice_ends(&dep.date)
                && released.as_str() < earliest.as_str()
            {
                d.push(
                    "deprecation-notice-too-short",
                    subject.clone(),
                    String::new(),
                    format!(
                        "announced on {}, so the release may come on {earliest} at the earliest, not {released}",
                        dep.date
                    ),
                );
            }
        }
        if f.title != t.title || f.description != t.description || f.manual_step != t.manual_step {
            d.push(
                "text-changed",
                subject.clone(),
                String::new(),
                "title, description or manual step changed".to_owned(),
            );
        }
        config_fields(d, &subject, &f.config_schema, &t.config_schema, "");
    }
}

fn owners<'a>(list: impl Iterator<Item = (&'a str, &'a Vec<String>)>) -> BTreeMap<&'a str, &'a str> {
    let mut out = BTreeMap::new();
    for (owner, cats) in list {
        for c in cats {
            out.insert(c.as_str(), owner);
        }
    }
    out
}

fn vocabularies(d: &mut Diff<'_>, from: &Registry, to: &Registry) {
    let (f, t) = (&from.rules, &to.rules);
    let (removed, added, both) = split(&f.capabilities, &t.capabilities, |c| &c.id);
    for c in removed {
        d.push("capability-removed", format!("capability:{}", c.id), String::new(), format!("`{}` was removed", c.id));
    }
    for c in added {
        d.push("capability-added", format!("capability:{}", c.id), String::new(), format!("`{}` was added", c.id));
    }
    for (a, b) in both {
        if let Some(message) = membership_change(&a.categories, &b.categories, "covers") {
            d.push("capability-coverage-changed", format!("capability:{}", b.id), String::new(), message);
        }
    }
    let (removed, added, _) = split(&f.services, &t.services, |s| &s.id);
    for s in removed {
        d.push("service-removed", format!("service:{}", s.id), String::new(), format!("`{}` was removed", s.id));
    }
    for s in added {
        d.push("service-added", format!("service:{}", s.id), String::new(), format!("`{}` was added", s.id));
    }
    let before = owners(f.services.iter().map(|s| (s.id.as_str(), &s.categories)));
    let after = owners(t.services.iter().map(|s| (s.id.as_str(), &s.categories)));
    for c in &t.categories {
        let Some(old) = f.categories.iter().find(|o| o.id == c.id) else { continue };
        let (x, y) = (before.get(old.id.as_str()), after.get(c.id.as_str()));
        if x != y {
            let name = |s: Option<&&str>| s.map_or("no service".to_owned(), |s| format!("`{s}`"));
            d.push(
                "service-ownership-changed",
                format!("category:{}", c.id),
                String::new(),
                format!("fallback moved from {} to {}", name(x), name(y)),
            );
        }
    }
    let (removed, added, both) = split(&f.domains, &t.domains, |x| &x.id);
    for x in removed {
        d.push("domain-removed", format!("domain:{}", x.id), String::new(), format!("`{}` was removed", x.id));
    }
    for x in added {
        d.push("domain-added", format!("domain:{}", x.id), String::new(), format!("`{}` was added", x.id));
    }
    for (a, b) in both {
        if a.title != b.title || a.description != b.description {
            d.push(
                "text-changed",
                format!("domain:{}", b.id),
                String::new(),
                "title or description changed".to_owned(),
            );
        }
    }
}

fn laws(d: &mut Diff<'_>, from: &Registry, to: &Registry) {
    let (removed, added, both) = split(&from.laws, &to.laws, |l| &l.id);
    for l in removed {
        if to.laws.iter().any(|n| n.aliases.contains(&l.id)) {
            continue;
        }
        d.push("law-removed", format!("law:{}", l.id), String::new(), format!("`{}` was removed", l.id));
    }
    for l in added {
        d.push("law-added", format!("law:{}", l.id), String::new(), format!("`{}` ({}) was added", l.id, l.short_name));
    }
    for (a, b) in both {
        let subject = format!("law:{}", b.id);
        let enjoined = |l: &crate::model::Law| -> Vec<String> {
            l.categories.iter().filter(|c| c.enjoined).map(|c| c.id.clone()).collect()
        };
        if let Some(message) = membership_change(&enjoined(a), &enjoined(b), "has enjoined duties for") {
            d.push("law-status-changed", subject.clone(), String::new(), message);
        }
        if a.enactment_status != b.enactment_status || a.enforcement_status != b.enforcement_status {
            d.push(
                "law-status-changed",
                subject.clone(),
                String::new(),
                format!(
                    "{} / {} → {} / {}",
                    a.enactment_status, a.enforcement_status, b.enactment_status, b.enforcement_status
                ),
            );
        }
        let dates = |l: &crate::model::Law| {
            serde_json::to_string(&(
                &l.dates.introduced,
                &l.dates.enacted,
                l.dates.effective.iter().map(|e| &e.date).collect::<Vec<_>>(),
                l.dates.events.iter().map(|e| (&e.date, e.kind, &e.reaches)).collect::<Vec<_>>(),
            ))
            .unwrap_or_default()
        };
        if dates(a) != dates(b) {
            d.push("law-dates-changed", subject.clone(), String::new(), "dates or events changed".to_owned());
        }
        let required = |l: &crate::model::Law| -> Vec<String> { l.category_ids().map(str::to_owned).collect() };
        if let Some(message) = membership_change(&required(a), &required(b), "requires") {
            d.push("law-categories-changed", subject.clone(), String::new(), message);
        }
        if a.summary != b.summary
            || a.provisions != b.provisions
            || a.categories
                .iter()
                .map(|c| (&c.id, &c.provision, &c.reason))
                .ne(b.categories.iter().map(|c| (&c.id, &c.provision, &c.reason)))
            || a.short_name != b.short_name
            || a.full_name != b.full_name
        {
            d.push("text-changed", subject, String::new(), "name, summary or provisions changed".to_owned());
        }
    }
}

fn platforms_and_standards(d: &mut Diff<'_>, from: &Registry, to: &Registry) {
    let (removed, added, both) = split(&from.platforms, &to.platforms, |p| &p.id);
    for p in removed {
        d.push("platform-removed", format!("platform:{}", p.id), String::new(), format!("`{}` was removed", p.id));
    }
    for p in added {
        d.push(
            "platform-added",
            format!("platform:{}", p.id),
            String::new(),
            format!("`{}` ({}) was added", p.id, p.name),
        );
    }
    for (a, b) in both {
        let mode = (a.enforcement_mode != b.enforcement_mode)
            .then(|| format!("enforcement mode {} → {}", a.enforcement_mode, b.enforcement_mode));
        let parts: Vec<String> =
            membership_change(&a.capabilities, &b.capabilities, "has").into_iter().chain(mode).collect();
        if !parts.is_empty() {
            d.push("platform-capabilities-changed", format!("platform:{}", b.id), String::new(), parts.join("; "));
        }
    }
    let (removed, added, both) = split(&from.standards, &to.standards, |s| &s.id);
    for s in removed {
        d.push("standard-removed", format!("standard:{}", s.id), String::new(), format!("`{}` was removed", s.id));
    }
    for s in added {
        d.push(
            "standard-added",
            format!("standard:{}", s.id),
            String::new(),
            format!("`{}` ({}) was added", s.id, s.name),
        );
    }
    for (a, b) in both {
        if a.rules != b.rules {
            d.push("standard-rules-changed", format!("standard:{}", b.id), String::new(), "rules changed".to_owned());
        }
    }
}

fn kind(schema: &Value) -> String {
    schema.get("type").map(|t| t.to_string()).unwrap_or_else(|| "any".to_owned())
}

fn num(schema: &Value, key: &str) -> Option<i128> {
    schema
        .get(key)
        .and_then(Value::as_i64)
        .map(i128::from)
        .or_else(|| schema.get(key).and_then(Value::as_u64).map(i128::from))
}

/// Compares two config schemas (or sub-schemas at `at`).
fn config_fields(d: &mut Diff<'_>, subject: &str, from: &Value, to: &Value, at: &str) {
    let here = if at.is_empty() { "/".to_owned() } else { at.to_owned() };
    if kind(from) != kind(to) {
        d.push("type-changed", subject.to_owned(), here, format!("type {} → {}", kind(from), kind(to)));
        return;
    }
    if from.get("description") != to.get("description") {
        d.push("text-changed", subject.to_owned(), here.clone(), "description changed".to_owned());
    }
    if from.get("pattern") != to.get("pattern") {
        d.push(
            "pattern-changed",
            subject.to_owned(),
            here.clone(),
            format!(
                "pattern {} → {}",
                from.get("pattern").map_or("none".into(), Value::to_string),
                to.get("pattern").map_or("none".into(), Value::to_string)
            ),
        );
    }
    // Lower bounds narrow when they rise, upper bounds when they fall.
    for (key, lower) in [
        ("minimum", true),
        ("maximum", false),
        ("minLength", true),
        ("maxLength", false),
        ("minItems", true),
        ("maxItems", false),
        ("minProperties", true),
        ("maxProperties", false),
    ] {
        let (a, b) = (num(from, key), num(to, key));
        if a == b {
            continue;
        }
        let narrowed = match (a, b) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => (b > a) == lower,
            (None, None) => continue,
        };
        let show = |v: Option<i128>| v.map_or("none".into(), |v| v.to_string());
        let rule = if narrowed { "range-narrowed" } else { "range-widened" };
        d.push(rule, subject.to_owned(), here.clone(), format!("{key} {} → {}", show(a), show(b)));
    }
    let (a, b) = (num(from, "multipleOf").unwrap_or(1), num(to, "multipleOf").unwrap_or(1));
    if a != b {
        let rule = if a % b == 0 { "range-widened" } else { "range-narrowed" };
        d.push(rule, subject.to_owned(), here.clone(), format!("multipleOf {a} → {b}"));
    }
    let values = |s: &Value| -> BTreeSet<String> {
        s.get("enum").and_then(Value::as_array).map(|a| a.iter().map(Value::to_string).collect()).unwrap_or_default()
    };
    let (x, y) = (values(from), values(to));
    if from.get("enum").is_some() || to.get("enum").is_some() {
        for v in x.difference(&y) {
            d.push("enum-value-removed", subject.to_owned(), here.clone(), format!("value {v} was removed"));
        }
        for v in y.difference(&x) {
            d.push("enum-value-added", subject.to_owned(), here.clone(), format!("value {v} was added"));
        }
    }
    let required = |s: &Value| -> BTreeSet<String> {
        s.get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let (req_a, req_b) = (required(from), required(to));
    let empty = serde_json::Map::new();
    let props = |s: &Value| s.get("properties").and_then(Value::as_object).cloned().unwrap_or_else(|| empty.clone());
    let (pa, pb) = (props(from), props(to));
    for (name, schema) in &pa {
        let path = format!("{at}/{name}");
        match pb.get(name) {
            None => d.push("field-removed", subject.to_owned(), path, format!("field `{name}` was removed")),
            Some(next) => {
                match (req_a.contains(name), req_b.contains(name)) {
                    (false, true) => d.push(
                        "field-became-required",
                        subject.to_owned(),
                        path.clone(),
                        format!("field `{name}` is now required"),
                    ),
                    (true, false) => d.push(
                        "field-became-optional",
                        subject.to_owned(),
                        path.clone(),
                        format!("field `{name}` is now optional"),
                    ),
                    _ => {}
                }
                config_fields(d, subject, schema, next, &path);
            }
        }
    }
    for name in pb.keys().filter(|n| !pa.contains_key(*n)) {
        let rule = if req_b.contains(name) { "field-added-required" } else { "field-added-optional" };
        d.push(rule, subject.to_owned(), format!("{at}/{name}"), format!("field `{name}` was added"));
    }
    for key in ["items", "additionalProperties"] {
        if let (Some(a), Some(b)) = (from.get(key).filter(|v| v.is_object()), to.get(key).filter(|v| v.is_object())) {
            config_fields(d, subject, a, b, &format!("{at}/{key}"));
        }
    }
}

/// The bump a version change makes (`None` when equal or lower).
pub fn version_bump(from: &str, to: &str) -> Option<Bump> {
    let (a, b) = (semver::Version::parse(from).ok()?, semver::Version::parse(to).ok()?);
    if b.major > a.major {
        Some(Bump::Major)
    } else if b.major == a.major && b.minor > a.minor {
        Some(Bump::Minor)
    } else if b > a {
        Some(Bump::Patch)
    } else {
        None
    }
}

/// A diff with the versions around it.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The older registry.
    pub from: Side,
    /// The newer registry.
    pub to: Side,
    /// The largest bump any change requires (`None`: nothing changed).
    pub required_bump: Option<Bump>,
    /// The bump the registry's own `version` made (`None`: unchanged or lower).
    pub version_bump: Option<Bump>,
    /// Whether the version bump covers every change.
    pub version_ok: bool,
    /// The older registry is an unreleased draft of the same version (no `released` day): its
    /// changes join that draft and need no bump of their own.
    pub draft: bool,
    /// Every change, largest bump first.
    pub changes: Vec<Change>,
}

/// One side of a diff.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// A folder or a git revision, as given.
    pub source: String,
    /// Its registry version.
    pub version: String,
}

impl Report {
    /// The report of `from` → `to`.
    pub fn new(from: (&str, &Registry), to: (&str, &Registry), config: &SeverityConfig) -> Self {
        let changes = diff(from.1, to.1, config);
        let required_bump = changes.iter().map(|c| c.bump).max();
        let version_bump = version_bump(&from.1.rules.version, &to.1.rules.version);
        let draft = from.1.rules.released.is_none() && from.1.rules.version == to.1.rules.version;
        Report {
            from: Side { source: from.0.to_owned(), version: from.1.rules.version.clone() },
            to: Side { source: to.0.to_owned(), version: to.1.rules.version.clone() },
            version_ok: draft || required_bump <= version_bump,
            draft,
            required_bump,
            version_bump,
            changes,
        }
    }

    /// Changes that need more than the version bump made (none while the base is a draft).
    pub fn too_big(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| !self.draft && Some(c.bump) > self.version_bump)
    }

    fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            *out.entry(c.rule).or_insert(0) += 1;
        }
        out
    }

    fn bump_word(b: Option<Bump>) -> &'static str {
        b.map_or("none", Bump::as_str)
    }

    /// A table for a terminal.
    pub fn table(&self) -> String {
        use std::fmt::Write as _;
        let mut out = format!(
            "{} ({}) → {} ({}): {} change{}, {} bump required, version bump {}\n",
            self.from.source,
            self.from.version,
            self.to.source,
            self.to.version,
            self.changes.len(),
            if self.changes.len() == 1 { "" } else { "s" },
            Self::bump_word(self.required_bump),
            Self::bump_word(self.version_bump)
        );
        if self.draft {
            let _ = writeln!(
                out,
                "{} has no `released` day: it is a draft, and these changes join it without a bump",
                self.from.version
            );
        }
        // One change per entry, its message wrapped beneath: rule ids, subjects and messages are
        // what a maintainer acts on, so none of them is cut to fit a column.
        for c in &self.changes {
            let at = if c.at.is_empty() { String::new() } else { format!(" {}", c.at) };
            let _ = writeln!(out, "{:<5}  {}  {}{}", c.bump.as_str(), c.rule, c.subject, at);
            out.push_str(&crate::table::wrap(&c.message, "       "));
        }
        for c in self.too_big() {
            let _ = writeln!(out, "needs a {} bump: {} {} ({})", c.bump.as_str(), c.rule, c.subject, c.message);
        }
        crate::table::escape_controls_keep_lines(&out)
    }

    /// A CHANGELOG section in Markdown.
    pub fn markdown(&self) -> String {
        use std::fmt::Write as _;
        let mut out = format!("## {} (from {})\n\n", self.to.version, self.from.version);
        let counts = self.counts();
        let _ = writeln!(
            out,
            "{} changes; this release requires a {} version bump.\n",
            self.changes.len(),
            Self::bump_word(self.required_bump)
        );
        for bump in [Bump::Major, Bump::Minor, Bump::Patch] {
            let these: Vec<&Change> = self.changes.iter().filter(|c| c.bump == bump).collect();
            if these.is_empty() {
                continue;
            }
            let heading = match bump {
                Bump::Major => "Breaking",
                Bump::Minor => "Added and extended",
                Bump::Patch => "Text",
            };
            let _ = writeln!(out, "### {heading}\n");
            for c in these {
                let at = if c.at.is_empty() { String::new() } else { format!(" `{}`", c.at) };
                let _ = writeln!(out, "- `{}` {}{at}: {}", c.rule, c.subject, c.message.replace('|', "\\|"));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "### Summary\n\n| rule | changes |\n|---|---|");
        for (rule, n) in counts {
            let _ = writeln!(out, "| `{rule}` | {n} |");
        }
        out
    }

    /// GitHub annotations: an error for each change the version bump does not cover, a notice for
    /// the others.
    pub fn github(&self, check_version: bool) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let uncovered = !self.draft && Some(c.bump) > self.version_bump;
            let level = if check_version && uncovered { "error" } else { "notice" };
            let msg =
                crate::table::escape_controls(&format!("{} ({} bump): {}", c.subject, c.bump.as_str(), c.message));
            out.push_str(&format!("::{level} title={}::{}\n", c.rule, msg.replace('%', "%25")));
        }
        out
    }
}
