"""stub"""
NAME = "publications"
VERSION = "0.1"
EMITS = ()
def extract_publications(doc, section, owner): return []
def owner_from_author_lists(pubs, doc): return None
