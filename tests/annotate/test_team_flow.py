"""The whole team flow against a real Label Studio: push (per-schema by default) with two
annotators per task → two annotator users take tasks through the next-task API and
submit → status → pull each project → agree → push-review + a reviewer submits through
/next → gold build → eval on the new gold set. The annotators submit the two recorded
independent passes of gold/hoinghi-5 (before the guideline settled their conflicts), the
reviewer the shipped gold's version of each article in conflict, so the new
gold set must be exactly gold/hoinghi-5. Once through the CLI commands a lead types (three
per-schema pulls), once through the library function (one combined pull)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from hoinghi.annotate.passes import load_records
from hoinghi.annotate.team_flow import opened_task, run_team_flow, take_tasks
from hoinghi.cli import ExitCode, main
from hoinghi.annotate.studio import create_annotator
from hoinghi.document import fingerprint, write_documents, Document
from hoinghi.gold_set import load_gold, read_manifest
from hoinghi.schema import load_schemas

REPO = Path(__file__).resolve().parents[2]
GOLD = {d.id: d for d in load_gold(REPO / "gold/hoinghi-5")}
PASSES = {name: {r.doc_id: r.document for r in load_records([REPO / "annotations/hoinghi-5" / f"{file}.jsonl"])}
          for name, file in (("annotator-a", "annotator-a"), ("annotator-b", "annotator-b-first-pass"))}


def _reviewer_choice(doc_id, text, versions):
    """Accept (here: edit into) the shipped gold's version of the article."""
    assert len(versions) == 2                       # both annotators' versions are shown
    return GOLD[doc_id]


def _run(capsys, *argv) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, out + err
    return out


@pytest.mark.studio
def test_team_flow_through_the_cli_with_three_per_schema_pulls(ls_server, tmp_path, capsys):
    p = "tf" + uuid.uuid4().hex[:6]
    conn = ["--url", ls_server.url, "--token", ls_server.token]
    articles = tmp_path / "articles.jsonl"
    write_documents(articles, [Document(d.id, d.text) for d in GOLD.values()])
    out = _run(capsys, "push", articles, "--annotators-per-task", "2", "--prefix", p, "-q", *conn)
    assert out.count("overlap: 2 annotators per task on 100% of the tasks") == 3 and "guideline: set" in out
    from hoinghi.annotate.studio import connect
    admin = connect(ls_server.url, ls_server.token)
    projects = {t.title: t.id for t in admin.projects.list(page_size=100) if t.title.startswith(p + "-")}
    people = {a: create_annotator(admin, f"{p}-{a}@example.com") for a in PASSES}
    schemas = load_schemas()
    for name in schemas.names:
        labels = set(schemas[name].label_names)
        for turn in range(5):
            for a, user in people.items():
                take_tasks(ls_server.url, projects[f"{p}-{name}"], user, lambda t, a=a: PASSES[a][t["data"]["doc_id"]],
                           labels=labels, limit=1)
    status = _run(capsys, "status", "--prefix", p, *conn)
    assert status.count("passes per article: 2: 5") == 3 and "5/5" in status and "agreement so far" in status
    js = json.loads(_run(capsys, "status", "--prefix", p, "--json", *conn))
    assert [s["agreement_documents"] for s in js] == [5, 5, 5] and all(not s["waiting"] for s in js)
    pulls = [tmp_path / "pulls" / n for n in schemas.names]
    for name, folder in zip(schemas.names, pulls):
        _run(capsys, "pull", name, "--out", folder, "--prefix", p, "-q", *conn)
    table = _run(capsys, "agree", *pulls, "-q")
    assert table.startswith("Agreement of 2 annotators") and "meetings@1.0.0+indicators@1.0.0+officials@1.0.0" in table
    review = _run(capsys, "push-review", *pulls, "--prefix", p, *conn)
    assert f"-> {p}-review" in review
    reviewer = create_annotator(admin, f"{p}-reviewer@example.com")
    served = take_tasks(ls_server.url, projects.get(f"{p}-review") or next(
        t.id for t in admin.projects.list(page_size=100) if t.title == f"{p}-review"), reviewer,
        lambda t: _reviewer_choice(t["data"]["doc_id"], t["data"]["text"], {
            x["model_version"]: x for x in opened_task(ls_server.url, t["id"], reviewer.token)["predictions"]}),
        labels=set(schemas.labels))
    assert served and review.startswith(f"{len(served)} of 5 article(s)")
    _run(capsys, "pull", f"{p}-review", "--out", tmp_path / "pulls/review", "--prefix", p, "-q", *conn)
    built = _run(capsys, "gold", "build", *pulls, tmp_path / "pulls/review", "--name", "team", "--version", "1.0.0",
                 "--policy", f"reviewer:{reviewer.email}", "--out", tmp_path / "gold", "-q")
    assert "5 documents" in built
    assert fingerprint(load_gold(tmp_path / "gold/team")) == fingerprint(list(GOLD.values()))
    assert read_manifest(tmp_path / "gold/team")["schema_version"] == schemas.version
    ours = _run(capsys, "eval", "--gold", tmp_path / "gold/team", "-e", "reference", "--n-boot", "0", "-q")
    shipped = _run(capsys, "eval", "--gold", REPO / "gold/hoinghi-5", "-e", "reference", "--n-boot", "0", "-q")
    assert ours.splitlines()[2:] == shipped.splitlines()[2:]


@pytest.mark.studio
def test_team_flow_as_a_library_function_with_one_combined_project(ls_server, tmp_path):
    p = "tl" + uuid.uuid4().hex[:6]
    versions = {f"{p}-{a}@example.com": docs for a, docs in PASSES.items()}
    res = run_team_flow(ls_server, [Document(d.id, d.text) for d in GOLD.values()], versions,
                        reviewer=f"{p}-reviewer@example.com", review=_reviewer_choice, out_dir=tmp_path,
                        name="team", version="1.0.0", gold_dir=tmp_path / "gold", prefix=p, combined=True)
    assert list(res.projects) == [f"{p}-combined"] and len(res.pulls) == 1
    (st,) = res.status
    assert st.passes == {2: 5} and [a.done for a in st.annotators] == [5, 5]
    assert all(sorted(v) == sorted(GOLD) for e, v in res.served.items() if e in versions)
    assert res.review.disagreements == res.served[f"{p}-reviewer@example.com"]
    assert fingerprint(load_gold(tmp_path / "gold/team")) == fingerprint(list(GOLD.values()))
