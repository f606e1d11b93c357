//! Routing checks: every category reaches an enforcer deterministically. A category must be covered
//! by a capability or a fallback service, by at most one of each; no capability, service or domain
//! may be empty.

use std::collections::HashMap;

use super::Ctx;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    let file = rules.file;
    // For each category: the index of every capability (slot 0) and service (slot 1) claiming it.
    let mut owners: HashMap<&str, [Vec<usize>; 2]> = HashMap::new();
    let groups = [
        (
            0,
            "capabilities",
            "capability",
            rules.capabilities.iter().map(|c| (c.id.as_str(), &c.categories)).collect::<Vec<_>>(),
        ),
        (1, "services", "service", rules.services.iter().map(|s| (s.id.as_str(), &s.categories)).collect()),
    ];
    for (slot, list, what, members) in groups {
        for (i, (id, cats)) in members.iter().enumerate() {
            if cats.is_empty() {
                ctx.at(
                    file,
                    &format!("/{list}/{i}/categories"),
                    Diagnostic::new(Code::EmptyCapability, format!("{what} `{id}` covers no category"))
                        .help(format!("list the categories this {what} handles, or remove it")),
                );
            }
            for (j, cat) in cats.iter().enumerate() {
                let claimed = &mut owners.entry(cat.as_str()).or_default()[slot];
                if let Some(&first) = claimed.first()
                    && first != i
                {
                    ctx.at(
                        file,
                        &format!("/{list}/{i}/categories/{j}"),
                        Diagnostic::new(
                            Code::AmbiguousRoute,
                            format!("category `{cat}` is claimed by {what} `{}` and {what} `{id}`", members[first].0),
                        )
                        .help(format!("routing must be deterministic: keep `{cat}` in exactly one {what}")),
                    );
                }
                claimed.push(i);
            }
        }
    }
    for (i, c) in rules.categories.iter().enumerate() {
        let routed = owners.get(c.id.as_str()).is_some_and(|o| !o[0].is_empty() || !o[1].is_empty());
        if !routed {
            ctx.at(
                file,
                &format!("/categories/{i}/id"),
                Diagnostic::new(
                    Code::UnroutableCategory,
                    format!("category `{}` is covered by no capability and no service", c.id),
                )
                .help("add it to the capability that enforces it natively, or to exactly one fallback service"),
            );
        }
    }
    for (i, d) in rules.domains.iter().enumerate() {
        if !rules.categories.iter().any(|c| c.domain == d.id) {
            ctx.at(
                file,
                &format!("/domains/{i}/id"),
                Diagnostic::new(Code::EmptyDomain, format!("domain `{}` has no category", d.id))
                    .help("remove the domain or move categories into it"),
            );
        }
    }
}
