"""Shared machinery with no models, below every app: the realtime kit, the frame
consumer base, the domain error base and the view helper that runs a verb. It imports
nothing of the project; every app may use it."""
