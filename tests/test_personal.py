from geo_server.features.personal import mask


def test_it_masks_a_mobile_number_keeping_prefix_and_last_four():
    assert mask("13812345678") == "138****5678"


def test_it_masks_an_id_number():
    assert mask("44010619900101123X") == "440***********123X"


def test_it_masks_short_values_entirely():
    assert mask("12345") == "*****"
    assert mask("") == ""
