from tremplin.lib.embedded_db import _repair_handle_list


def test_an_emptied_list_of_the_servers_users_starts_afresh(tmp_path):
    (tmp_path / ".handle_pids.json").write_text("")  # a process stopped while writing it
    _repair_handle_list(tmp_path)
    assert (tmp_path / ".handle_pids.json").read_text() == "[]"


def test_a_readable_list_or_none_is_left_alone(tmp_path):
    _repair_handle_list(tmp_path)
    assert not (tmp_path / ".handle_pids.json").exists()
    (tmp_path / ".handle_pids.json").write_text("[12, 34]")
    _repair_handle_list(tmp_path)
    assert (tmp_path / ".handle_pids.json").read_text() == "[12, 34]"
