"""Feature keys that make misread and misfiled names meet: joined/split words, dictionary flags,
arrest dates only from arrest reports."""

from __future__ import annotations

from athar.linkage import features


def test_joined_and_split_given_and_father_share_a_skeleton():
    split = features.gf_skeleton("muhammad", "usama")
    assert split is not None
    assert features.gf_skeleton("muhammadusama", None) == split
    assert features.gf_skeleton("muhammad usama", None) == split


def test_a_short_given_name_alone_gives_no_skeleton_key():
    # "ali" alone would put every Ali with the same family name in one block.
    assert features.gf_skeleton("ali", None) is None
    assert features.gf_skeleton(None, "ahmad") is None


def test_a_misreading_is_not_a_dictionary_name():
    assert features.in_dictionary("abdullah")
    assert not features.in_dictionary("abdullla")
