"""NER tagger configured by an argparse Namespace built in config.py; model.py sizes the tag head by one direction."""
