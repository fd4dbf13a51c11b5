"""The courses app's part of every page's socket (home.consumers composes it)."""


class WorkspaceStream:
    """Passes on that a workspace changed; the page decides whether it shows it and
    fetches the fragment through the permission-checked view."""

    async def workspace_changed(self, event):
        await self.send_frame(
            "workspace_changed", workspace=int(event["workspace"]), part=str(event["part"])
        )
