//! Identity and reference checks: unique ids, ids equal to file names, a semver version, `since`
//! not newer than the registry, and every reference naming something that exists.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::source::FileId;
use crate::suggest::{closest, did_you_mean};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    version(ctx);
    provenance(ctx);
    rules_ids(ctx);
    file_ids(ctx);
    namespaces(ctx);
    references(ctx);
}

fn version(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    let Ok(version) = semver::Version::parse(&rules.version) else {
        ctx.at(
            rules.file,
            "/version",
            Diagnostic::new(
                Code::InvalidVersion,
                format!("registry version `{}` is not a semantic version", rules.version),
            )
            .help("use `major.minor.patch`, e.g. `4.0.0`"),
        );
        return;
    };
    let sinces = [
        ("categories", rules.categories.iter().map(|c| c.since.as_str()).collect::<Vec<_>>()),
        ("capabilities", rules.capabilities.iter().map(|c| c.since.as_str()).collect()),
        ("services", rules.services.iter().map(|c| c.since.as_str()).collect()),
    ];
    for (list, values) in sinces {
        for (i, since) in values.into_iter().enumerate() {
            let Some((major, minor)) = since.split_once('.') else { continue };
            let (Ok(major), Ok(minor)) = (major.parse::<u64>(), minor.parse::<u64>()) else { continue };
            if (major, minor) > (version.major, version.minor) {
                ctx.at(
                    rules.file,
                    &format!("/{list}/{i}/since"),
                    Diagnostic::new(
                        Code::SinceAfterVersion,
                        format!("`since` is `{since}`, newer than the registry version `{}`", rules.version),
                    )
                    .help("bump the registry `version`, or correct `since`"),
                );
            }
        }
    }
}

/// A category introduced in 1.0 is one of the PCSS 1.0 ids and says so in its evidence, and only
/// those: this keeps designed v4 ids from passing as published ones.
fn provenance(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    for (i, c) in rules.categories.iter().enumerate() {
        let pcss = c.evidence.iter().any(|e| matches!(e, crate::model::Evidence::Pcss10 { .. }));
        if pcss != (c.since == "1.0") {
            let msg = if pcss {
                format!("`{}` has PCSS 1.0 evidence but `since` is `{}`", c.id, c.since)
            } else {
                format!("`{}` has `since` 1.0 but no `pcss_1_0` evidence", c.id)
            };
            ctx.at(
                rules.file,
                &format!("/categories/{i}/since"),
                Diagnostic::new(Code::EvidenceMismatch, msg)
                    .help("PCSS 1.0 ids keep `since: \"1.0\"` and `{\"kind\": \"pcss_1_0\"}` evidence; every other id is `since: \"4.0\"` or later"),
            );
        }
    }
}

/// Reports every id after its first occurrence within one list.
fn duplicates<'a>(ctx: &mut Ctx<'_>, file: Option<FileId>, list: &str, ids: impl Iterator<Item = &'a str>, what: &str) {
    let mut seen = HashMap::new();
    for (i, id) in ids.enumerate() {
        if let Some(first) = seen.insert(id, i) {
            seen.insert(id, first);
            ctx.at(
                file,
                &format!("/{list}/{i}/id"),
                Diagnostic::new(Code::DuplicateId, format!("{what} id `{id}` is defined twice"))
                    .label(format!("first defined at index {first}"))
                    .help(format!("ids must be unique: rename or merge the two {what} entries")),
            );
        }
    }
}

fn rules_ids(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    let file = rules.file;
    duplicates(ctx, file, "domains", rules.domains.iter().map(|d| d.id.as_str()), "domain");
    duplicates(ctx, file, "capabilities", rules.capabilities.iter().map(|d| d.id.as_str()), "capability");
    duplicates(ctx, file, "services", rules.services.iter().map(|d| d.id.as_str()), "service");
    duplicates(ctx, file, "categories", rules.categories.iter().map(|d| d.id.as_str()), "category");
}

fn file_ids(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let items: Vec<(&str, &str, Option<FileId>)> = model
        .laws
        .iter()
        .map(|l| ("law", l.id.as_str(), l.file))
        .chain(model.platforms.iter().map(|p| ("platform", p.id.as_str(), p.file)))
        .chain(model.standards.iter().map(|s| ("standard", s.id.as_str(), s.file)))
        .collect();
    // Law ids and aliases share one namespace: an alias must never shadow another law.
    let mut law_names: HashMap<&str, &str> = HashMap::new();
    for law in &model.laws {
        for (i, alias) in law.aliases.iter().enumerate() {
            if let Some(other) = law_names.insert(alias.as_str(), law.id.as_str()).filter(|o| *o != law.id) {
                ctx.at(
                    law.file,
                    &format!("/aliases/{i}"),
                    Diagnostic::new(Code::DuplicateId, format!("alias `{alias}` is also used by law `{other}`"))
                        .help("an alias must name exactly one law; remove it from one of them"),
                );
            }
        }
    }
    for law in &model.laws {
        if let Some(owner) = law_names.get(law.id.as_str()).filter(|o| **o != law.id) {
            ctx.at(
                law.file,
                "/id",
                Diagnostic::new(Code::DuplicateId, format!("law id `{}` is an alias of law `{owner}`", law.id))
                    .help("remove the alias, or choose another id"),
            );
        }
    }
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for (kind, id, file) in items {
        let Some(path) = file else { continue };
        let display = ctx.sources.get(path).path.clone();
        let name = Path::new(&display).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if name != id {
            ctx.at(
                file,
                "/id",
                Diagnostic::new(
                    Code::IdFileNameMismatch,
                    format!("{kind} id `{id}` does not match its file name `{name}.json`"),
                )
                .help(format!("rename the file to `{id}.json` or set `\"id\": \"{name}\"`")),
            );
        }
        if !seen.insert((kind, id)) {
            ctx.at(file, "/id", Diagnostic::new(Code::DuplicateId, format!("{kind} id `{id}` is defined twice")));
        }
    }
}

/// The namespace rule. Ids are unique within their kind. The rule vocabulary (categories, domains,
/// capabilities, services) is the spec's, and some of its ids name two kinds since PCSS 1.0 (e.g.
/// `content_rating` is a category and a capability). Entries contributed as files (laws and their
/// aliases, platforms, standards) must take an id no other kind uses, so that an unqualified
/// `ocss explain ID` always reaches them; `ocss explain KIND:ID` reaches every entry.
fn namespaces(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let mut owners: HashMap<&str, Vec<&'static str>> = HashMap::new();
    if let Some(rules) = &model.rules {
        let vocab: [(&'static str, Vec<&str>); 4] = [
            ("category", rules.categories.iter().map(|c| c.id.as_str()).collect()),
            ("domain", rules.domains.iter().map(|c| c.id.as_str()).collect()),
            ("capability", rules.capabilities.iter().map(|c| c.id.as_str()).collect()),
            ("service", rules.services.iter().map(|c| c.id.as_str()).collect()),
        ];
        for (kind, ids) in vocab {
            for id in ids {
                owners.entry(id).or_default().push(kind);
            }
        }
    }
    // (kind, id, file, pointer) of every file-contributed name.
    let mut names: Vec<(&'static str, &str, Option<FileId>, String)> = Vec::new();
    for law in &model.laws {
        names.push(("law", &law.id, law.file, "/id".to_owned()));
        names.extend(
            law.aliases.iter().enumerate().map(|(i, a)| ("law", a.as_str(), law.file, format!("/aliases/{i}"))),
        );
    }
    names.extend(model.platforms.iter().map(|p| ("platform", p.id.as_str(), p.file, "/id".to_owned())));
    names.extend(model.standards.iter().map(|s| ("standard", s.id.as_str(), s.file, "/id".to_owned())));
    for (kind, id, _, _) in &names {
        owners.entry(id).or_default().push(kind);
    }
    for (kind, id, file, pointer) in &names {
        let others: Vec<&str> = owners[id].iter().copied().filter(|k| k != kind).collect();
        if let Some(other) = others.first() {
            ctx.at(
                *file,
                pointer,
                Diagnostic::new(Code::DuplicateId, format!("{kind} id `{id}` is already a {other} id")).help(
                    "laws (and their aliases), platforms and standards take ids no other kind uses; choose another",
                ),
            );
        }
    }
}

fn unknown_category(id: &str, known: &[&str]) -> Diagnostic {
    unknown_category_or_former(id, known, None)
}

/// An unknown category id; a former id (an alias) says which category it became.
fn unknown_category_or_former(id: &str, known: &[&str], now: Option<&str>) -> Diagnostic {
    if let Some(now) = now {
        return Diagnostic::new(Code::UnknownCategory, format!("`{id}` is a former id of `{now}`"))
            .help(format!("cite `{now}`"));
    }
    let near = closest(id, known.iter().copied(), 3);
    let d = Diagnostic::new(Code::UnknownCategory, format!("unknown category `{id}`")).label("not in ocss-rules.json");
    if near.is_empty() {
        d.help("use one of the category ids defined in registry/ocss-rules.json (`ocss explain` lists them)")
    } else {
        d.help(format!("did you mean {}?", near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or ")))
    }
}

fn unknown_reference(kind: &str, id: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::new(Code::UnknownReference, format!("unknown {kind} `{id}`"));
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help(format!("use one of the {kind} ids defined in the registry")),
    }
}

fn references(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let law_ids: Vec<&str> = model.laws.iter().map(|l| l.id.as_str()).collect();
    let Some(rules) = &model.rules else { return };
    let cats: Vec<&str> = rules.categories.iter().map(|c| c.id.as_str()).collect();
    let domains: Vec<&str> = rules.domains.iter().map(|d| d.id.as_str()).collect();
    let caps: Vec<&str> = rules.capabilities.iter().map(|c| c.id.as_str()).collect();
    let file = rules.file;
    let former = |id: &str| -> Option<&str> {
        rules.categories.iter().find(|c| c.aliases.iter().any(|a| a == id)).map(|c| c.id.as_str())
    };

    for (i, c) in rules.categories.iter().enumerate() {
        if !domains.contains(&c.domain.as_str()) {
            ctx.at(file, &format!("/categories/{i}/domain"), unknown_reference("domain", &c.domain, &domains));
        }
        for (j, ev) in c.evidence.iter().enumerate() {
            let crate::model::Evidence::DesignedFromLaws { laws: named, .. } = ev else { continue };
            for (k, law) in named.iter().enumerate() {
                if !law_ids.contains(&law.as_str()) {
                    ctx.at(
                        file,
                        &format!("/categories/{i}/evidence/{j}/laws/{k}"),
                        unknown_reference("law", law, &law_ids),
                    );
                }
            }
        }
    }
    for (list, items) in [
        ("capabilities", rules.capabilities.iter().map(|c| &c.categories).collect::<Vec<_>>()),
        ("services", rules.services.iter().map(|s| &s.categories).collect()),
    ] {
        for (i, members) in items.into_iter().enumerate() {
            let mut seen = HashSet::new();
            for (j, cat) in members.iter().enumerate() {
                let ptr = format!("/{list}/{i}/categories/{j}");
                if !cats.contains(&cat.as_str()) {
                    ctx.at(file, &ptr, unknown_category(cat, &cats));
                } else if !seen.insert(cat) {
                    ctx.at(
                        file,
                        &ptr,
                        Diagnostic::new(Code::DuplicateEntry, format!("category `{cat}` is listed twice here"))
                            .help("remove the repeated entry"),
                    );
                }
            }
        }
    }
    for law in &model.laws {
        for (j, duty) in law.categories.iter().enumerate() {
            let cat = &duty.id;
            if !cats.contains(&cat.as_str()) {
                ctx.at(law.file, &format!("/categories/{j}/id"), unknown_category_or_former(cat, &cats, former(cat)));
            }
        }
        for (j, rel) in law.related.iter().enumerate() {
            if !law_ids.contains(&rel.as_str()) {
                ctx.at(law.file, &format!("/related/{j}"), unknown_reference("law", rel, &law_ids));
            }
        }
    }
    for p in &model.platforms {
        for (j, cap) in p.capabilities.iter().enumerate() {
            if !caps.contains(&cap.as_str()) {
                ctx.at(p.file, &format!("/capabilities/{j}"), unknown_reference("capability", cap, &caps));
            }
        }
    }
    for s in &model.standards {
        let mut seen = HashSet::new();
        for (j, rule) in s.rules.iter().enumerate() {
            let ptr = format!("/rules/{j}/category");
            if !cats.contains(&rule.category.as_str()) {
                ctx.at(s.file, &ptr, unknown_category_or_former(&rule.category, &cats, former(&rule.category)));
            } else if !seen.insert(rule.category.as_str()) {
                ctx.at(
                    s.file,
                    &ptr,
                    Diagnostic::new(
                        Code::DuplicateEntry,
                        format!("category `{}` has two rules in this pack", rule.category),
                    )
                    .help("a pack sets each category once; merge the two rules"),
                );
            }
        }
    }
}
