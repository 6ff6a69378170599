"""The concrete plant's master data in the admin: every list and form opens."""

import pytest

from geo_server.accounts.models import User


@pytest.mark.parametrize("model", ["concreteplantdetail", "mixingline", "mixdesign", "order", "supplier",
                                   "supplierapproval"])
def test_it_opens_the_list_and_the_add_form(client, db, model):
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert client.get(f"/admin/concrete/{model}/").status_code == 200
    assert client.get(f"/admin/concrete/{model}/add/").status_code == 200
