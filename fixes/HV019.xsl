<?xml version="1.0" encoding="UTF-8"?>
<!-- HV019 kvm-hidden: remove <hidden state='on'/> from <kvm>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The rule fires only without a PCI host device: KVM is no longer hidden. -->
  <xsl:template match="domain/features/kvm/hidden[@state='on']"/>

  <!-- A <kvm> that held nothing else goes with it. -->
  <xsl:template match="domain/features/kvm[hidden[@state='on'] and count(*) = 1]"/>
</xsl:stylesheet>
