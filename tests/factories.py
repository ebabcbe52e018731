"""factory_boy factories shared by all tests."""

from __future__ import annotations

import itertools

import factory

from accounts.models import Agency, User
from core.models import Industry, Region
from core.uscc import make_uscc
from enterprises.models import Enterprise

_serial = itertools.count(500_000)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = "emergency"
    region = factory.LazyFunction(lambda: Region.objects.get(code="450100"))
    comprehensive = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    kind = "official"
    password = factory.PostGenerationMethodCall("set_password", "anquan2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    region = factory.LazyFunction(lambda: Region.objects.get(code="450102001"))
    uscc = factory.LazyAttribute(lambda o: make_uscc(o.region.code[:6], next(_serial)))
    risk_grade = "yellow"

    @factory.post_generation
    def industries(obj, create, extracted, **kwargs):
        if create:
            codes = extracted or ["hazchem"]
            obj.industries.set(Industry.objects.filter(code__in=codes))
