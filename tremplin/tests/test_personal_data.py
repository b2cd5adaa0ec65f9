"""Every relation of a model to the account is declared in the personal data registry
(`tremplin.lib.personal_data`): a new model holding something about a person (an app of
events, alerts, newsletters…) fails here until it says what the person's download holds
of it and how a merge of two accounts moves it."""

from tremplin.lib import personal_data


def test_every_relation_to_the_account_is_declared():
    declared = {holding.key for holding in personal_data.holdings()}
    missing = personal_data.relations_to_the_account() - declared
    assert missing == set(), f"declare a Holding for: {sorted(missing)}"


def test_no_declaration_names_a_relation_that_does_not_exist():
    declared = {holding.key for holding in personal_data.holdings()}
    assert declared - personal_data.relations_to_the_account() == set()


def test_a_relation_left_out_of_the_download_says_why():
    assert [h.name for h in personal_data.holdings() if h.export is None and not h.why] == []
