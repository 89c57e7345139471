"""The Engine: one profile loaded, validated and assessed (engine/assess.py), with how
far to trust its domain (`stability`) and the `--set` what-ifs it was asked for. The
engine assesses; this layer perturbs and composes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from regionlab.engine.assess import Assessment, Stability, assess
from regionlab.engine.scoring import ActorScore
from regionlab.policy.catalogue import Catalogue, load_catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.profile.models import Profile
from regionlab.profile.validate import load_profile
from regionlab.rules.rulebook import Rulebook, load_rulebook
from regionlab.trust.methods import under_methods
from regionlab.trust.stability import Memo, Settings, load_settings, stability


class Engine:
    """The framework, rulebook and catalogue, loaded once for many profiles.

    `rules` and `robustness` name your own rulebook and perturbation bounds (default:
    the shipped ones); `what_ifs` are `--set` changes such as ``["low=35",
    "residents.rating=3.5"]``, applied to every profile assessed. Without `words`,
    flags carry no detail and stability no `near` texts: the same verdicts, unworded,
    for a caller that reads ids only (a batch row).
    """

    def __init__(self, rules: str | os.PathLike | None = None,
                 robustness: str | os.PathLike | None = None, with_stability: bool = True,
                 what_ifs: Sequence[str] = (), settings: Sequence[str] = (),
                 words: bool = True):
        # `settings` is the old name of `what_ifs` (it collided with the robustness
        # settings); kept so that callers written against it still work
        what_ifs = list(what_ifs) + list(settings)
        self.framework: Framework = load_framework()
        self.catalogue: Catalogue = load_catalogue()
        self.rulebook: Rulebook = load_rulebook(Path(rules) if rules is not None else None)
        self.what_if = []
        if what_ifs:  # a changed copy of the rulebook and framework
            from regionlab.trust import whatifs

            self.what_if = whatifs.parse(what_ifs, self.rulebook, self.framework)
            self.rulebook = whatifs.apply_rules(self.rulebook, self.what_if)
            self.framework = whatifs.apply_framework(self.framework, self.what_if)
        self.robustness: Settings = load_settings(str(robustness) if robustness else None)
        self._stability_memo = Memo()  # for this rulebook and these settings
        self.with_stability = with_stability
        self.words = words

    def __repr__(self) -> str:
        what_if = f", what_ifs={[w.text() for w in self.what_if]}" if self.what_if else ""
        return f"Engine(rulebook={self.rulebook.id!r}{what_if})"

    def assess_file(self, path: str | os.PathLike, trace: bool = True) -> Assessment:
        """Load, validate and assess one profile file (a `str` or any path-like).

        Raises `InputError` listing every problem of the file when it is not valid."""
        return self.assess_loaded(self.load(Path(path)), str(path), trace)

    def assess_folder(self, folder: str | os.PathLike, recursive: bool = False
                      ) -> list[Assessment]:
        """Every profile in a folder, in file-name order; raises `InputError` listing
        the problems of every bad file (use `regionlab.nation.batch` to keep going)."""
        from regionlab.errors import InputError
        from regionlab.profile.discover import profile_paths

        paths = profile_paths([Path(folder)], recursive=recursive)
        done, problems = [], []
        for path in paths:
            try:
                done.append(self.assess_file(path, trace=False))
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)
        return done

    def load(self, path: Path) -> Profile:
        return load_profile(path, self.framework)

    def assess_loaded(self, profile: Profile, file: str, trace: bool = True) -> Assessment:
        """A profile as loaded from `file`, with the engine's what-ifs applied."""
        if not self.what_if:
            return self.assess(profile, file, trace)
        from regionlab.trust import whatifs

        profile, done = whatifs.apply_profile(profile, self.what_if)
        return replace(self.assess(profile, file, trace), what_if=tuple(done))

    def assess(self, profile: Profile, file: str = "<profile>", trace: bool = True
               ) -> Assessment:
        """With `trace`, `evaluations` holds every rule considered (for explain);
        without, only the rules that fired (all a batch needs)."""
        return assess(profile, self.rulebook, self.framework, file, trace,
                      self._stability if self.with_stability else None, self.words)

    def _stability(self, profile: Profile, env: dict, domain: str | None,
                   scores: dict[str, ActorScore]) -> Stability:
        steady = stability(profile, env, domain, self.rulebook, self.framework,
                           self.robustness, self._stability_memo, self.words)
        return under_methods(profile, domain, steady, self.rulebook, self.framework,
                             self.robustness, scores)
