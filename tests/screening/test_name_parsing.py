from chipcontrols.screening.name_parsing import person_display, quoted_akas, split_alias_cell, split_name


def test_acronym_in_parentheses_is_a_weak_alias():
    assert split_name("China Aerospace Science and Technology Corporation (CASC)") == (
        "China Aerospace Science and Technology Corporation", [], ["CASC"])


def test_aka_and_formerly_become_aliases():
    assert split_name("Gazprom Telekom, OOO (f.k.a. Zakrytoe Aktsionernoe Obshchestvo Gaztelekom)")[1] == [
        "Zakrytoe Aktsionernoe Obshchestvo Gaztelekom"]
    assert split_name("Acme (a.k.a. Acme Two; a.k.a. Acme Three)")[1] == ["Acme Two", "Acme Three"]
    assert split_name("Old Name Ltd, formerly Older Name Ltd")[:2] == ("Old Name Ltd", ["Older Name Ltd"])


def test_parent_notes_are_not_aliases():
    primary, aliases, weak = split_name("Baotou Guanghua Chemical Industrial Corporation (Parent Organization: China National Nuclear Group Corporation (CNNC))")
    assert primary == "Baotou Guanghua Chemical Industrial Corporation" and aliases == [] and weak == []


def test_successor_clause_and_region_parenthesis():
    assert split_name("Xyz Ltd, and any successor, sub-unit, or subsidiary thereof")[0] == "Xyz Ltd"
    assert split_name("ABC Trading (Hong Kong) Limited")[0] == "ABC Trading Hong Kong Limited"


def test_alias_cells_and_person_names():
    assert split_alias_cell("Fazel Rahim Farid; Farid; and Engineer Idris") == ["Fazel Rahim Farid", "Farid", "Engineer Idris"]
    assert quoted_akas("a.k.a. 'BNC'.") == ["BNC"]
    assert person_display("AL ZAWAHIRI, Dr. Ayman") == "Dr. Ayman AL ZAWAHIRI"
