"""Lets Debian's azure-cli 2.45 load `az network`, so tests can run its real parser.

Debian's azure-cli 2.45.0-1 asks for the network SDK at API version 2022-01-01
(azure/cli/core/profiles/_shared.py, profile "latest"), but Debian's
python3-azure (20230112+git-1) ships azure.mgmt.network without v2022_01_01
(it has v2022_07_01). get_models() then returns None and
command_modules/network/_params.py fails with
  AttributeError: 'NoneType' object has no attribute 'standard_medium'.
When that API version is missing, point the profile at the newest one present,
so the network module's models load and the real argument parser runs.

Used only by the tests, through PYTHONPATH=scripts/az-network-shim (Python
imports the first sitecustomize on its path; Debian's own only installs the
apport crash hook, which tests do not want). Does nothing when the SDK has
v2022_01_01 (upstream installs) or when azure-cli is not installed.
"""

import importlib.util
import os

WANTED = "2022-01-01"


def _module(version):
    return "azure.mgmt.network.v" + version.replace("-", "_")


def _patch():
    try:
        if importlib.util.find_spec(_module(WANTED)) is not None:
            return
        from azure.cli.core.profiles import ResourceType
        from azure.cli.core.profiles._shared import AZURE_API_PROFILES
        import azure.mgmt.network as network
    except ImportError:
        return
    present = sorted(
        name[1:].replace("_", "-")
        for name in os.listdir(os.path.dirname(network.__file__))
        if name.startswith("v20") and "preview" not in name
    )
    if not present:
        return
    latest = AZURE_API_PROFILES["latest"]
    if latest.get(ResourceType.MGMT_NETWORK) == WANTED:
        latest[ResourceType.MGMT_NETWORK] = present[-1]


_patch()
