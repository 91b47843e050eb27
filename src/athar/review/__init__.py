"""athar.review: the queue of uncertain matches and the judgements people give on them.

The linker (`athar resolve`) leaves pairs of records it is unsure about — a probability band, and
thin records that fit several persons — as `CandidatePair`s. A reviewer accepts (same person: the
two persons are merged through human links, which later linker runs never overrule), rejects
(different people: a person holding both is split, and the pair becomes a cannot-link for every
later run) or is unsure (nothing changes). Each `Judgement` is kept with who, when and why, and is
never deleted: an undo or a later judgement ends it and puts the records back where they were.
The open judgements are the labels (`athar.linkage.Label`) the next `athar resolve` clusters and
trains with (nomenklatura's judgement/edge model).

What it cannot do: reconcile two reviewers who disagree (the latest judgement counts; both are
kept), or undo a decision whose records a later decision or run has moved again (those records
stay where they are and the undo says how many)."""
