from allauth.account.adapter import DefaultAccountAdapter


class AkunAdapter(DefaultAccountAdapter):
    pass
