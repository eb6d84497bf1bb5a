"""Backup and restore: a round trip gives back every row of every table."""

from sqlalchemy import select

from hrflow.extensions import db


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table."""
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        tables[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return tables


def test_backup_and_restore_round_trip(runner, demo, tmp_path):
    before = snapshot()
    assert before["post"] and before["appointment"] and before["user"]
    target = tmp_path / "hrflow.backup"
    assert runner.invoke(args=["backup", "-o", str(target)]).exit_code == 0
    from hrflow.demo import wipe

    wipe()
    db.session.commit()
    assert snapshot()["post"] == []
    refused = runner.invoke(args=["restore", str(target)])
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert snapshot() == before


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"this is not a database")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 1 and "错误" in result.stderr
