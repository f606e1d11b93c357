//! Lifecycle checks: a deprecated category names successors that exist, aliases (former ids) never
//! collide with an id, and no law or standard pack cites a deprecated category (former ids are
//! reported with unknown ones, in `ids`).

use std::collections::HashMap;

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::Category;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    let file = rules.file;
    let ids: Vec<&str> = rules.categories.iter().map(|c| c.id.as_str()).collect();
    let mut former: HashMap<&str, &str> = HashMap::new();
    for (i, c) in rules.categories.iter().enumerate() {
        for (j, alias) in c.aliases.iter().enumerate() {
            let clash = if ids.contains(&alias.as_str()) {
                Some(format!("alias `{alias}` of `{}` is the id of a category", c.id))
            } else {
                former
                    .insert(alias, &c.id)
                    .filter(|o| *o != c.id)
                    .map(|o| format!("alias `{alias}` is claimed by `{o}` and `{}`", c.id))
            };
            if let Some(message) = clash {
                ctx.at(
                    file,
                    &format!("/categories/{i}/aliases/{j}"),
                    Diagnostic::new(Code::DuplicateId, message).help("a former id names exactly one category"),
                );
            }
        }
        if let Some(dep) = &c.deprecated {
            for (j, next) in dep.replaced_by.iter().enumerate() {
                if next == &c.id || !ids.contains(&next.as_str()) {
                    ctx.at(
                        file,
                        &format!("/categories/{i}/deprecated/replaced_by/{j}"),
                        Diagnostic::new(
                            Code::UnknownCategory,
                            format!("`{}` is replaced by `{next}`, which is not another category", c.id),
                        )
                        .help("name the categories that take its place, or leave `replaced_by` empty"),
                    );
                }
            }
        }
    }
    let deprecated: HashMap<&str, &Category> =
        rules.categories.iter().filter(|c| c.deprecated.is_some()).map(|c| (c.id.as_str(), c)).collect();
    let cited = ctx
        .model
        .laws
        .iter()
        .flat_map(|l| l.categories.iter().enumerate().map(move |(i, c)| (l.file, format!("/categories/{i}/id"), &c.id)))
        .chain(ctx.model.standards.iter().flat_map(|s| {
            s.rules.iter().enumerate().map(move |(i, r)| (s.file, format!("/rules/{i}/category"), &r.category))
        }))
        .collect::<Vec<_>>();
    for (f, pointer, id) in cited {
        if let Some(c) = deprecated.get(id.as_str()) {
            let next = c
                .deprecated
                .as_ref()
                .map(|d| d.replaced_by.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or "))
                .unwrap_or_default();
            let help = if next.is_empty() {
                "remove it: it has no successor".to_owned()
            } else {
                format!("cite {next} instead")
            };
            ctx.at(f, &pointer, Diagnostic::new(Code::DeprecatedCitation, format!("`{id}` is deprecated")).help(help));
        }
    }
}
